//! Every limit the IaC adapters put on their input, stated once (issue 8).
//!
//! Templates and modules written by people are small; these bounds are far above them and far
//! below what would exhaust memory, time or the stack on a two-core CI runner. Hitting a limit
//! never aborts the scan and never passes silently: it is a diagnostic naming `file:line`, it
//! becomes a collection error in every report format (so `--fail-on-unknown` trips), and the
//! rest of the input is still judged.
//!
//! | limit | value | when hit |
//! |---|---|---|
//! | [`MAX_FILE_BYTES`] | 10 MiB | the file is skipped (warning, collection error) |
//! | [`MAX_READ_FILE_BYTES`] | 1 MiB | `file()`/`templatefile()` give Unknown with the reason |
//! | [`MAX_NESTING_DEPTH`] | 128 | YAML, JSON: the file is a syntax error at the line; Terraform expressions and templates: the value is Unknown |
//! | HCL nesting (hcl-edit's own bound) | 64 | the `.tf` file is a syntax error at the line |
//! | [`MAX_YAML_NODES`] | 2,000,000 | the template is an error at the line (alias expansion) |
//! | [`MAX_CONDITION_DEPTH`] | 64 | the condition is Unknown with the reason |
//! | [`DEFAULT_MAX_EXPANSION`] | 10,000 | the first instances are judged; the block is a collection error and its kinds' rules Unknown |
//! | [`DEFAULT_MAX_INSTANCES`] | 100,000 | as above, for the whole module tree of one root module |
//! | [`MAX_MODULE_DEPTH`] | 16 | the call is not followed (warning, collection error) |
//! | [`MAX_REFERENCE_DEPTH`] | 48 | the reference is Unknown (a cycle or a chain too deep) |
//! | [`MAX_COLLECTION_ITEMS`] | 100,000 | the value is Unknown with the reason (`range()`, a `for` expression, a list literal) |
//! | [`MAX_VALUE_BYTES`] | 16 MiB | the value is Unknown with the reason (a function's result or arguments, a template, a `for` expression) |
//!
//! `count`/`for_each` limits are configurable ([`crate::ScanOptions::max_expansion`],
//! [`crate::ScanOptions::max_instances`]; `cloudward iac --max-expansions`,
//! `--max-instances`); the others protect the process and are fixed.

/// Largest input file read: `.tf`, `.tf.json`, `.tfvars`, plan JSON, CloudFormation YAML or
/// JSON. A larger file is generated data or an attack on the scanner, not configuration. One
/// limit for every reader, so that one message and one number are printed.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Largest file that Terraform's `file()` and `templatefile()` read into a value. Smaller than
/// [`MAX_FILE_BYTES`] because the content is copied into every instance that reads it.
pub const MAX_READ_FILE_BYTES: u64 = 1024 * 1024;

/// Deepest nesting of a YAML or JSON document, and of a Terraform expression as evaluated
/// (HCL source nesting is bounded lower, at 64, by the hcl-edit parser). CloudFormation
/// templates are about 10 levels deep; the bound keeps the recursive parsers and evaluators
/// far from the stack limit.
pub const MAX_NESTING_DEPTH: usize = 128;

/// Most nodes one YAML template may expand to: aliases can multiply a small file (a "billion
/// laughs" document).
pub const MAX_YAML_NODES: usize = 2_000_000;

/// Longest chain of CloudFormation conditions naming each other.
pub const MAX_CONDITION_DEPTH: usize = 64;

/// Default cap on the instances one `count` or `for_each` expands into (resources, data
/// sources and module calls). `count = 1000000` in a three-line file would otherwise take
/// gigabytes (issue 8, defect 5).
pub const DEFAULT_MAX_EXPANSION: usize = 10_000;

/// Default cap on the resource instances of one root module with all its child modules: a
/// module called with `count = 100` whose resources have `count = 10000` multiplies.
pub const DEFAULT_MAX_INSTANCES: usize = 100_000;

/// Deepest chain of local module calls followed (a module calling itself is an error of its
/// own, found before this bound).
pub const MAX_MODULE_DEPTH: usize = 16;

/// Longest chain of references followed (`local.a` -> `local.b` -> ...): a guard against
/// cycles and stack exhaustion on generated input.
pub const MAX_REFERENCE_DEPTH: usize = 48;

/// Most elements one Terraform list or map may have when built by evaluation (`range(1e9)`, a
/// `for` expression, a list literal).
pub const MAX_COLLECTION_ITEMS: usize = 100_000;

/// Largest Terraform value evaluation may build, counted as the bytes of its strings and keys
/// plus [`VALUE_OVERHEAD_BYTES`] per element: a function's result (and its arguments), a
/// template, a `for` expression. Each step is linear in its inputs, but steps chain:
/// `local.b = join("", [local.a, local.a])` doubles per local, 2^48 over the reference depth.
pub const MAX_VALUE_BYTES: usize = 16 * 1024 * 1024;

/// What one element of a value counts towards [`MAX_VALUE_BYTES`] besides its text (about the
/// size of the value in memory).
pub const VALUE_OVERHEAD_BYTES: usize = 32;
