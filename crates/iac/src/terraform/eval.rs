//! Static evaluation of Terraform expressions (hcl-edit syntax trees) into [`Val`]s.
//!
//! hcl-edit parses; it does not evaluate. This module evaluates what can be known before
//! `terraform plan`: literals, templates, operators, conditionals, `for` expressions, splats and
//! the function library in [`super::functions`]. Names (`var.x`, `local.y`, `aws_s3_bucket.b`,
//! `each.key`) are resolved by an [`Env`] supplied by the module evaluator. Anything that
//! depends on an unknown stays `Val::Unknown` with the reason of the first unknown input.

use std::collections::BTreeMap;

use hcl_edit::expr::{
    BinaryOperator, Expression, ForExpr, ObjectKey, TraversalOperator, UnaryOperator,
};
use hcl_edit::template::{Directive, Element, Template};

use super::functions;
use super::value::{values_equal, Val};
use crate::limits::{MAX_COLLECTION_ITEMS, MAX_VALUE_BYTES};

/// Resolves the names an expression refers to.
pub(crate) trait Env {
    /// Resolve `root` followed by its leading static attribute names (`path`), e.g. `var` +
    /// `["region"]` or `aws_s3_bucket` + `["logs", "id"]`. Returns the value and how many
    /// elements of `path` it consumed; the evaluator applies the rest.
    fn lookup(&self, root: &str, path: &[&str]) -> (Val, usize);

    /// The text of a file for `file()` and `templatefile()`, relative to the root module
    /// directory (Terraform's working directory). Environments without files say so.
    fn read_file(&self, path: &str) -> Result<String, Val> {
        Err(Val::unknown(format!(
            "file {path:?} cannot be read in this context"
        )))
    }
}

/// Maximum nesting of expressions, `for` bindings and templates.
use crate::limits::MAX_NESTING_DEPTH as MAX_DEPTH;

/// What a collection or a string being built has used of [`MAX_COLLECTION_ITEMS`] and
/// [`MAX_VALUE_BYTES`]: checked as each element is added, so an oversized value is refused
/// before it is held, not after (issue 8).
struct Budget {
    items: usize,
    bytes: usize,
}

impl Budget {
    fn new() -> Self {
        Budget { items: 0, bytes: 0 }
    }

    /// Count one element; `Err` (an Unknown naming the limit and `what` was being built) once
    /// over a limit.
    fn add(&mut self, v: &Val, what: &str) -> Result<(), Val> {
        self.items += 1;
        if self.items > MAX_COLLECTION_ITEMS {
            return Err(Val::unknown(format!(
                "{what} has more than {MAX_COLLECTION_ITEMS} elements, over the limit; not \
                 evaluated"
            )));
        }
        let left = MAX_VALUE_BYTES.saturating_sub(self.bytes);
        self.bytes = self.bytes.saturating_add(v.weight(left));
        self.check(what)
    }

    /// Count `n` bytes of text.
    fn add_text(&mut self, n: usize, what: &str) -> Result<(), Val> {
        self.bytes = self.bytes.saturating_add(n);
        self.check(what)
    }

    fn check(&self, what: &str) -> Result<(), Val> {
        if self.bytes > MAX_VALUE_BYTES {
            return Err(Val::unknown(format!(
                "{what} is over the {MAX_VALUE_BYTES}-byte value limit; not evaluated"
            )));
        }
        Ok(())
    }
}

/// An expression evaluator with local bindings (`for` expression and `dynamic` iterators).
pub(crate) struct Evaluator<'a> {
    env: &'a dyn Env,
    bindings: Vec<(String, Val)>,
    depth: usize,
}

impl<'a> Evaluator<'a> {
    /// An evaluator over `env`.
    pub(crate) fn new(env: &'a dyn Env) -> Self {
        Evaluator {
            env,
            bindings: Vec::new(),
            depth: 0,
        }
    }

    /// Bind a name for the duration of the next evaluations (popped with [`Self::unbind`]).
    pub(crate) fn bind(&mut self, name: &str, value: Val) {
        self.bindings.push((name.to_string(), value));
    }

    /// Drop the `n` most recent bindings.
    pub(crate) fn unbind(&mut self, n: usize) {
        let keep = self.bindings.len().saturating_sub(n);
        self.bindings.truncate(keep);
    }

    fn binding(&self, name: &str) -> Option<&Val> {
        self.bindings
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    /// Evaluate one expression.
    pub(crate) fn eval(&mut self, expr: &Expression) -> Val {
        if self.depth > MAX_DEPTH {
            return Val::error("expression nested too deeply");
        }
        self.depth += 1;
        let v = self.eval_inner(expr);
        self.depth -= 1;
        v
    }

    fn eval_inner(&mut self, expr: &Expression) -> Val {
        match expr {
            Expression::Null(_) => Val::Null,
            Expression::Bool(b) => Val::Bool(*b.value()),
            Expression::Number(n) => n.value().as_f64().map_or(Val::Null, Val::Number),
            Expression::String(s) => Val::String(s.value().clone()),
            Expression::Array(items) => {
                let mut budget = Budget::new();
                let mut out = Vec::with_capacity(items.len());
                for e in items.iter() {
                    let v = self.eval(e);
                    if let Err(u) = budget.add(&v, "a list") {
                        return u;
                    }
                    out.push(v);
                }
                Val::List(out)
            }
            Expression::Object(obj) => {
                let mut budget = Budget::new();
                let mut out = BTreeMap::new();
                for (key, value) in obj.iter() {
                    let key = match key {
                        ObjectKey::Ident(id) => id.as_str().to_string(),
                        ObjectKey::Expression(Expression::Variable(id)) => id.as_str().to_string(),
                        ObjectKey::Expression(e) => match self.eval(e).to_string_val() {
                            Ok(k) => k,
                            Err(v) => return v,
                        },
                    };
                    let v = self.eval(value.expr());
                    if let Err(u) = budget
                        .add(&v, "an object")
                        .and_then(|()| budget.add_text(key.len(), "an object"))
                    {
                        return u;
                    }
                    out.insert(key, v);
                }
                Val::Map(out)
            }
            Expression::StringTemplate(t) => self.eval_template(t),
            Expression::HeredocTemplate(h) => self.eval_template(&h.template),
            Expression::Parenthesis(p) => self.eval(p.inner()),
            Expression::Variable(id) => self.variable(id.as_str()),
            Expression::Conditional(c) => {
                let cond = self.eval(&c.cond_expr);
                match cond.to_bool() {
                    Ok(true) => self.eval(&c.true_expr),
                    Ok(false) => self.eval(&c.false_expr),
                    Err(u) => {
                        // An unknown condition is harmless when both branches agree.
                        let a = self.eval(&c.true_expr);
                        let b = self.eval(&c.false_expr);
                        if a == b && !a.is_unknown() {
                            a
                        } else {
                            u
                        }
                    }
                }
            }
            Expression::FuncCall(call) => {
                let name = call.name.name.as_str();
                let namespaced = !call.name.namespace.is_empty();
                if namespaced {
                    return Val::unknown(format!(
                        "provider function {name}() is not evaluated statically"
                    ));
                }
                let exprs: Vec<&Expression> = call.args.iter().collect();
                match name {
                    "try" => {
                        let mut last = Val::error("try() needs at least one argument");
                        for e in exprs {
                            let v = self.eval(e);
                            match v {
                                Val::Error(_) => last = v,
                                other => return other,
                            }
                        }
                        last
                    }
                    "file" => match exprs.first().map(|e| self.eval(e).to_string_val()) {
                        Some(Ok(path)) => match self.env.read_file(&path) {
                            Ok(text) => Val::String(text),
                            Err(e) => e,
                        },
                        Some(Err(e)) => e,
                        None => Val::error("file() needs a path"),
                    },
                    "templatefile" => {
                        let path = exprs.first().map(|e| self.eval(e).to_string_val());
                        let vars = exprs.get(1).map(|e| self.eval(e));
                        match (path, vars) {
                            (Some(Ok(path)), Some(Val::Map(vars))) => {
                                match self.env.read_file(&path) {
                                    Ok(text) => render_template_file(&path, &text, vars),
                                    Err(e) => e,
                                }
                            }
                            (Some(Err(e)), _) => e,
                            (_, Some(v)) if v.is_unknown() => v,
                            _ => Val::error("templatefile() needs a path and a map of variables"),
                        }
                    }
                    "can" => match exprs.first().map(|e| self.eval(e)) {
                        Some(Val::Error(_)) => Val::Bool(false),
                        Some(Val::Unknown(r)) => Val::Unknown(r),
                        Some(_) => Val::Bool(true),
                        None => Val::error("can() needs one argument"),
                    },
                    _ => {
                        let mut args: Vec<Val> = exprs.iter().map(|e| self.eval(e)).collect();
                        if call.args.expand_final() {
                            if let Some(Val::List(items)) = args.pop() {
                                args.extend(items);
                            }
                        }
                        functions::call(name, args)
                    }
                }
            }
            Expression::Traversal(t) => {
                let ops: Vec<&TraversalOperator> = t.operators.iter().map(|o| o.value()).collect();
                let (base, consumed) = match &t.expr {
                    Expression::Variable(id) if self.binding(id.as_str()).is_none() => {
                        let path: Vec<&str> = ops
                            .iter()
                            .map_while(|op| match op {
                                TraversalOperator::GetAttr(a) => Some(a.as_str()),
                                _ => None,
                            })
                            .collect();
                        let (v, n) = self.env.lookup(id.as_str(), &path);
                        (v, n.min(ops.len()))
                    }
                    other => (self.eval(other), 0),
                };
                self.traverse(base, &ops[consumed..])
            }
            Expression::UnaryOp(op) => {
                let v = self.eval(&op.expr);
                match op.operator.value() {
                    UnaryOperator::Neg => match v.to_number() {
                        Ok(n) => Val::Number(-n),
                        Err(e) => e,
                    },
                    UnaryOperator::Not => match v.to_bool() {
                        Ok(b) => Val::Bool(!b),
                        Err(e) => e,
                    },
                }
            }
            Expression::BinaryOp(op) => self.binary(op),
            Expression::ForExpr(f) => self.for_expr(f),
        }
    }

    fn variable(&self, name: &str) -> Val {
        if let Some(v) = self.binding(name) {
            return v.clone();
        }
        self.env.lookup(name, &[]).0
    }

    /// Apply traversal operators (attributes, indexes, splats) to a value.
    fn traverse(&mut self, mut base: Val, ops: &[&TraversalOperator]) -> Val {
        for (i, op) in ops.iter().enumerate() {
            if base.is_unknown() {
                return base;
            }
            base = match op {
                TraversalOperator::GetAttr(name) => get_attr(&base, name.as_str()),
                TraversalOperator::Index(e) => {
                    let key = self.eval(e);
                    index(&base, &key)
                }
                TraversalOperator::LegacyIndex(n) => index(&base, &Val::Number(*n.value() as f64)),
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let items = match base {
                        Val::Null => Vec::new(),
                        Val::List(items) => items,
                        other => vec![other],
                    };
                    let rest = &ops[i + 1..];
                    let limit = if matches!(op, TraversalOperator::AttrSplat(_)) {
                        rest.iter()
                            .take_while(|o| matches!(o, TraversalOperator::GetAttr(_)))
                            .count()
                    } else {
                        rest.len()
                    };
                    let mapped: Vec<Val> = items
                        .into_iter()
                        .map(|item| self.traverse(item, &rest[..limit]))
                        .collect();
                    return self.traverse(Val::List(mapped), &rest[limit..]);
                }
            };
        }
        base
    }

    fn binary(&mut self, op: &hcl_edit::expr::BinaryOp) -> Val {
        let operator = *op.operator.value();
        let lhs = self.eval(&op.lhs_expr);
        // Short-circuit a known result even when the other side is unknown.
        match (operator, lhs.to_bool()) {
            (BinaryOperator::And, Ok(false)) => return Val::Bool(false),
            (BinaryOperator::Or, Ok(true)) => return Val::Bool(true),
            _ => {}
        }
        let rhs = self.eval(&op.rhs_expr);
        match operator {
            BinaryOperator::And | BinaryOperator::Or => {
                let r = match rhs.to_bool() {
                    Ok(b) => b,
                    Err(e) => return e,
                };
                match (operator, r) {
                    (BinaryOperator::And, false) => return Val::Bool(false),
                    (BinaryOperator::Or, true) => return Val::Bool(true),
                    _ => {}
                }
                match lhs.to_bool() {
                    Ok(l) => Val::Bool(if operator == BinaryOperator::And {
                        l && r
                    } else {
                        l || r
                    }),
                    Err(e) => e,
                }
            }
            BinaryOperator::Eq | BinaryOperator::NotEq => {
                if let Some(r) = lhs.deep_unknown().or_else(|| rhs.deep_unknown()) {
                    let _ = r;
                    return if lhs.is_unknown() {
                        lhs
                    } else {
                        first_unknown(&lhs, &rhs)
                    };
                }
                let eq = values_equal(&lhs, &rhs);
                Val::Bool(if operator == BinaryOperator::Eq {
                    eq
                } else {
                    !eq
                })
            }
            _ => {
                let (l, r) = match (lhs.to_number(), rhs.to_number()) {
                    (Ok(l), Ok(r)) => (l, r),
                    (Err(e), _) | (_, Err(e)) => return e,
                };
                match operator {
                    BinaryOperator::Plus => Val::Number(l + r),
                    BinaryOperator::Minus => Val::Number(l - r),
                    BinaryOperator::Mul => Val::Number(l * r),
                    BinaryOperator::Div if r == 0.0 => Val::error("division by zero"),
                    BinaryOperator::Div => Val::Number(l / r),
                    BinaryOperator::Mod if r == 0.0 => Val::error("modulo by zero"),
                    BinaryOperator::Mod => Val::Number(l % r),
                    BinaryOperator::Less => Val::Bool(l < r),
                    BinaryOperator::LessEq => Val::Bool(l <= r),
                    BinaryOperator::Greater => Val::Bool(l > r),
                    BinaryOperator::GreaterEq => Val::Bool(l >= r),
                    _ => Val::error("unsupported operator"),
                }
            }
        }
    }

    fn for_expr(&mut self, f: &ForExpr) -> Val {
        let collection = self.eval(&f.intro.collection_expr);
        let pairs: Vec<(Val, Val)> = match collection {
            Val::List(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (Val::Number(i as f64), v))
                .collect(),
            Val::Map(m) => m.into_iter().map(|(k, v)| (Val::String(k), v)).collect(),
            Val::Null => return Val::error("cannot iterate over null"),
            other if other.is_unknown() => return other,
            other => return Val::error(format!("cannot iterate over a {}", other.type_name())),
        };
        let key_var = f.intro.key_var.as_ref().map(|k| k.as_str().to_string());
        let value_var = f.intro.value_var.as_str().to_string();
        let mut list = Vec::new();
        let mut map: BTreeMap<String, Val> = BTreeMap::new();
        let mut grouped: BTreeMap<String, Vec<Val>> = BTreeMap::new();
        let mut budget = Budget::new();
        for (k, v) in pairs {
            let mut bound = 1;
            if let Some(kv) = &key_var {
                self.bind(kv, k);
                bound += 1;
            }
            self.bind(&value_var, v);
            let keep = match &f.cond {
                Some(cond) => self.eval(&cond.expr).to_bool(),
                None => Ok(true),
            };
            let keep = match keep {
                Ok(b) => b,
                Err(e) => {
                    self.unbind(bound);
                    return e;
                }
            };
            if keep {
                let value = self.eval(&f.value_expr);
                if let Err(u) = budget.add(&value, "a for expression") {
                    self.unbind(bound);
                    return u;
                }
                match &f.key_expr {
                    Some(key_expr) => {
                        let key = match self.eval(key_expr).to_string_val() {
                            Ok(k) => k,
                            Err(e) => {
                                self.unbind(bound);
                                return e;
                            }
                        };
                        if f.grouping {
                            grouped.entry(key).or_default().push(value);
                        } else {
                            map.insert(key, value);
                        }
                    }
                    None => list.push(value),
                }
            }
            self.unbind(bound);
        }
        match &f.key_expr {
            Some(_) if f.grouping => Val::Map(
                grouped
                    .into_iter()
                    .map(|(k, v)| (k, Val::List(v)))
                    .collect(),
            ),
            Some(_) => Val::Map(map),
            None => Val::List(list),
        }
    }

    /// Evaluate a template; a template that is a single interpolation yields its value as is.
    pub(crate) fn eval_template(&mut self, template: &Template) -> Val {
        if let Some(Element::Interpolation(i)) = template.as_single_element() {
            return self.eval(&i.expr);
        }
        let mut out = String::new();
        if let Err(u) = self.render(template, &mut out) {
            return u;
        }
        Val::String(out)
    }

    fn render(&mut self, template: &Template, out: &mut String) -> Result<(), Val> {
        if self.depth > MAX_DEPTH {
            return Err(Val::error("template nested too deeply"));
        }
        self.depth += 1;
        let result = self.render_inner(template, out);
        self.depth -= 1;
        result
    }

    fn render_inner(&mut self, template: &Template, out: &mut String) -> Result<(), Val> {
        let mut strip_next = false;
        for element in template.iter() {
            match element {
                Element::Literal(s) => {
                    if strip_next {
                        out.push_str(s.value().trim_start());
                    } else {
                        out.push_str(s.value());
                    }
                    strip_next = false;
                }
                Element::Interpolation(i) => {
                    if i.strip.strip_start() {
                        trim_end_in_place(out);
                    }
                    let v = self.eval(&i.expr);
                    out.push_str(&v.to_string_val()?);
                    strip_next = i.strip.strip_end();
                }
                Element::Directive(d) => {
                    match d.as_ref() {
                        Directive::If(ifd) => {
                            let cond = self.eval(&ifd.if_expr.cond_expr).to_bool()?;
                            if cond {
                                self.render(&ifd.if_expr.template, out)?;
                            } else if let Some(e) = &ifd.else_expr {
                                self.render(&e.template, out)?;
                            }
                        }
                        Directive::For(ford) => {
                            let fe = &ford.for_expr;
                            let collection = self.eval(&fe.collection_expr);
                            let pairs: Vec<(Val, Val)> = match collection {
                                Val::List(items) => items
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, v)| (Val::Number(i as f64), v))
                                    .collect(),
                                Val::Map(m) => {
                                    m.into_iter().map(|(k, v)| (Val::String(k), v)).collect()
                                }
                                other if other.is_unknown() => return Err(other),
                                other => {
                                    return Err(Val::error(format!(
                                        "cannot iterate over a {}",
                                        other.type_name()
                                    )))
                                }
                            };
                            for (k, v) in pairs {
                                let mut bound = 1;
                                if let Some(kv) = &fe.key_var {
                                    self.bind(kv.as_str(), k);
                                    bound += 1;
                                }
                                self.bind(fe.value_var.as_str(), v);
                                let r = self.render(&fe.template, out);
                                self.unbind(bound);
                                r?;
                            }
                        }
                    }
                    strip_next = false;
                }
            }
            // A template built in a loop (`%{ for }`) or from large interpolations.
            if out.len() > MAX_VALUE_BYTES {
                return Err(Val::unknown(format!(
                    "a template is over the {MAX_VALUE_BYTES}-byte value limit; not evaluated"
                )));
            }
        }
        Ok(())
    }
}

/// An environment in which only a template file's own variables exist.
struct TemplateEnv;

impl Env for TemplateEnv {
    fn lookup(&self, root: &str, _path: &[&str]) -> (Val, usize) {
        (
            Val::error(format!("{root} is not a variable of the template")),
            0,
        )
    }
}

/// `templatefile()`: the file's text as a template over `vars`.
fn render_template_file(path: &str, text: &str, vars: BTreeMap<String, Val>) -> Val {
    let template = match hcl_edit::parser::parse_template(text) {
        Ok(t) => t,
        Err(e) => {
            return Val::error(format!("template {path:?}: {}", e.message()));
        }
    };
    let mut ev = Evaluator::new(&TemplateEnv);
    for (k, v) in vars {
        ev.bind(&k, v);
    }
    // A template file always yields a string, even when it is one interpolation.
    let mut out = String::new();
    match ev.render(&template, &mut out) {
        Ok(()) => Val::String(out),
        Err(u) => u,
    }
}

fn trim_end_in_place(s: &mut String) {
    let len = s.trim_end().len();
    s.truncate(len);
}

fn first_unknown(a: &Val, b: &Val) -> Val {
    a.deep_unknown()
        .or_else(|| b.deep_unknown())
        .map_or(Val::unknown("unknown"), Val::Unknown)
}

/// `value.name`.
pub(crate) fn get_attr(base: &Val, name: &str) -> Val {
    match base {
        Val::Map(m) => m
            .get(name)
            .cloned()
            .unwrap_or_else(|| Val::error(format!("no attribute {name:?}"))),
        Val::Null => Val::error(format!("attribute {name:?} of null")),
        Val::Unknown(_) | Val::Error(_) => base.clone(),
        Val::List(_) => Val::error(format!(
            "attribute {name:?} of a list (a resource with count or for_each needs an index)"
        )),
        other => Val::error(format!("attribute {name:?} of a {}", other.type_name())),
    }
}

/// `value[key]`.
pub(crate) fn index(base: &Val, key: &Val) -> Val {
    if key.is_unknown() {
        return key.clone();
    }
    match base {
        Val::List(items) => match key.to_number() {
            Ok(n) if n >= 0.0 && n.fract() == 0.0 => items
                .get(n as usize)
                .cloned()
                .unwrap_or_else(|| Val::error(format!("index {n} out of range"))),
            Ok(n) => Val::error(format!("invalid index {n}")),
            Err(e) => e,
        },
        Val::Map(m) => match key.to_string_val() {
            Ok(k) => m
                .get(&k)
                .cloned()
                .unwrap_or_else(|| Val::error(format!("no key {k:?}"))),
            Err(e) => e,
        },
        Val::Unknown(_) | Val::Error(_) => base.clone(),
        other => Val::error(format!("cannot index a {}", other.type_name())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct TestEnv;
    impl Env for TestEnv {
        fn lookup(&self, root: &str, path: &[&str]) -> (Val, usize) {
            match (root, path.first()) {
                ("var", Some(&"name")) => (Val::str("logs"), 1),
                ("var", Some(&"ports")) => {
                    (Val::List(vec![Val::Number(22.0), Val::Number(443.0)]), 1)
                }
                ("var", Some(&"open")) => {
                    (Val::unknown("depends on var.open, which has no value"), 1)
                }
                _ => (Val::error(format!("unknown name {root}")), 0),
            }
        }
    }

    fn eval(src: &str) -> Val {
        let expr = hcl_edit::parser::parse_expr(src).expect("test expression parses");
        Evaluator::new(&TestEnv).eval(&expr)
    }

    #[test]
    fn templates_and_functions() {
        assert_eq!(eval(r#""${var.name}-bucket""#), Val::str("logs-bucket"));
        assert_eq!(eval(r#"upper("${var.name}")"#), Val::str("LOGS"));
        assert_eq!(eval(r#"length(var.ports)"#), Val::Number(2.0));
        assert_eq!(
            eval(r#"[for p in var.ports : p + 1 if p > 100]"#),
            Val::List(vec![Val::Number(444.0)])
        );
        assert_eq!(
            eval(r#"{for i, p in var.ports : tostring(p) => i}"#),
            eval(r#"{"22" = 0, "443" = 1}"#)
        );
    }

    #[test]
    fn unknown_propagates_with_its_reason() {
        assert_eq!(
            eval(r#"var.open ? "0.0.0.0/0" : "10.0.0.0/8""#),
            Val::unknown("depends on var.open, which has no value")
        );
        assert_eq!(eval("var.open && false"), Val::Bool(false));
        assert_eq!(eval("var.open ? 1 : 1"), Val::Number(1.0));
    }

    #[test]
    fn try_falls_back_on_errors_not_on_unknowns() {
        assert_eq!(eval(r#"try(var.name.missing, "x")"#), Val::str("x"));
        assert!(matches!(eval(r#"try(var.open, "x")"#), Val::Unknown(_)));
    }

    #[test]
    fn splat_and_index() {
        assert_eq!(eval(r#"[{a = 1}, {a = 2}][*].a"#), eval("[1, 2]"));
        assert_eq!(eval(r#"{x = [5, 6]}["x"][1]"#), Val::Number(6.0));
    }

    #[test]
    fn template_directives() {
        assert_eq!(
            eval(r#""%{for p in var.ports}${p},%{endfor}""#),
            Val::str("22,443,")
        );
        assert_eq!(eval(r#""%{if true}yes%{else}no%{endif}""#), Val::str("yes"));
    }
}
