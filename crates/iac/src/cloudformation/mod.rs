//! CloudFormation and SAM templates, YAML or JSON, into the cloudward model.
//!
//! A template is read into a position-keeping tree ([`node`], from [`yaml`] or [`json`]),
//! its parameters, mappings, conditions and intrinsic functions are evaluated ([`eval`]), and
//! each supported resource type is adapted into the same model structs that live collection
//! fills ([`s3`], [`ec2`], [`iam`], [`services`]). Resources that only modify another one
//! (`AWS::S3::BucketPolicy`, `AWS::EC2::SecurityGroupIngress`, `AWS::EC2::Route`, ...) are
//! joined into it rather than reported on their own.
//!
//! Conventions (documented for rule authors and the Terraform adapter):
//! - `Resource::id` is the logical id; `Resource::name` is the static physical name
//!   (`BucketName`, `UserName`, ...) when the template sets one, else the logical id.
//! - Identifiers that AWS assigns at creation (VPC, subnet, security group, route table,
//!   network ACL, instance and volume ids) are `<path>#<LogicalId>`, unique in a scan of many
//!   templates; an internet gateway's is `igw-<path>#<LogicalId>` so that route logic
//!   recognises it. Resources with such ids are also named by them, since rules join on names.
//! - The template is judged on what it declares, not on defaults AWS may apply at creation: a
//!   bucket without `PublicAccessBlockConfiguration` has none configured (new buckets start with
//!   all four switches on, but any later call can turn them off); a bucket without
//!   `BucketEncryption` has no default encryption configured; an `AWS::EC2::Volume` without
//!   `Encrypted` is unencrypted (the region's encryption-by-default may still encrypt it). This
//!   errs towards Fail, never towards Pass, and matches the Terraform adapter.
//! - Suppressions: `Metadata: {cloudward: {ignore: [{id: rule-id, reason: "..."}]}}`.

mod acm;
mod apigateway;
mod athena;
mod backup;
mod cloudfront;
mod dynamodb;
mod ec2;
mod ecr;
pub(crate) mod ecs;
mod efs;
mod eks;
mod elasticache;
mod elb;
mod eval;
mod iam;
pub(crate) mod json;
mod kms;
mod lambda;
mod logs;
mod macie2;
pub(crate) mod node;
mod opensearch;
mod organizations;
mod rds;
mod redshift;
mod route53;
mod s3;
mod secretsmanager;
mod services;
mod sns;
mod sqs;
mod ssm;
mod ssoadmin;
pub(crate) mod yaml;

use std::collections::{BTreeMap, HashMap};

use cloudward_model::{Attributes, Location, Resource, Source, Suppression, TAG_VALUE_NOT_KNOWN};

use crate::{Diagnostic, DiagnosticLevel, Output, ScanOptions, Unjudged};
use eval::{Evaluator, RefTarget, Val, V};
use node::{Node, NodeKind, Pos};

/// Whether text looks like a CloudFormation template, cheaply, before parsing: it names
/// `AWSTemplateFormatVersion`, or has a `Resources` section and an `AWS::` type.
pub fn looks_like_template(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion")
        || (text.contains("Resources") && text.contains("AWS::"))
}

/// Whether a parsed document is a template: `AWSTemplateFormatVersion`, or a `Resources`
/// mapping with at least one entry of `Type: AWS::...`.
fn is_template(root: &Node) -> bool {
    if root.get("AWSTemplateFormatVersion").is_some() {
        return true;
    }
    root.get("Resources")
        .and_then(Node::as_map)
        .is_some_and(|resources| {
            resources.iter().any(|(_, r)| {
                r.get("Type")
                    .and_then(Node::as_str)
                    .is_some_and(|t| t.starts_with("AWS::"))
            })
        })
}

/// The names of the transforms a template declares (`Transform: X` or a list).
fn transforms(root: &Node) -> Vec<String> {
    match root.get("Transform").map(|t| &t.kind) {
        Some(NodeKind::String(s)) => vec![s.clone()],
        Some(NodeKind::Seq(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Adapt one template. `path` is the display path (relative to the scanned root) used in
/// every location; `text` is the file's content. A file that parses but is not a template
/// yields nothing; one that does not parse yields an error diagnostic.
pub fn adapt(path: &str, text: &str, options: &ScanOptions) -> Output {
    let mut output = Output::default();
    let json_like = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{');
    // JSON first when it looks like JSON (exact positions, strict errors). A `.json` file must
    // be JSON (no trailing commas); elsewhere, a YAML flow mapping that starts with `{` still
    // parses, through the YAML reader.
    let strict_json = path.to_ascii_lowercase().ends_with(".json");
    let parsed = if json_like {
        json::parse(text).or_else(|json_error| {
            if strict_json {
                Err(json_error)
            } else {
                yaml::parse(text).map_err(|_| json_error)
            }
        })
    } else {
        yaml::parse(text)
    };
    let root = match parsed {
        Ok(root) => root,
        Err(e) => {
            output.diagnostics.push(Diagnostic {
                level: DiagnosticLevel::Error,
                location: Location {
                    path: path.to_string(),
                    line: e.pos.line,
                    column: e.pos.col,
                },
                message: e.message,
                unjudged: Unjudged::Nothing,
            });
            return output;
        }
    };
    // A document with a `Resources` key that reads like a template is judged as one, so that
    // a broken `Resources` (a list, entries without `Type`) is an error, not silently no
    // template at all (issue 8, defect 9).
    let broken_template = root.get("Resources").is_some() && looks_like_template(text);
    if !is_template(&root) && !broken_template {
        return output;
    }
    adapt_template(path, &root, options, &mut output);
    output
}

/// What a node is, for messages ("a list", "a number").
fn shape(node: &Node) -> &'static str {
    match node.kind {
        NodeKind::Null => "null",
        NodeKind::Bool(_) => "a boolean",
        NodeKind::Number(_) => "a number",
        NodeKind::String(_) => "a string",
        NodeKind::Seq(_) => "a list",
        NodeKind::Map(_) => "a mapping",
    }
}

/// Template sections that must be mappings: a wrong shape silently dropped every parameter,
/// condition or mapping before, and with them every value that depends on one.
const MAPPING_SECTIONS: &[&str] = &["Parameters", "Mappings", "Conditions", "Resources"];

/// Structure errors of the template's sections (issue 8, defect 9): each names the line and
/// is a collection error; the rest of the template is still judged.
fn section_errors(path: &str, root: &Node) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut error = |pos: Pos, message: String| {
        out.push(Diagnostic {
            level: DiagnosticLevel::Error,
            location: Location {
                path: path.to_string(),
                line: pos.line,
                column: pos.col,
            },
            message,
            unjudged: Unjudged::Part,
        });
    };
    if root.get("Resources").is_none() {
        error(
            Pos { line: 1, col: 1 },
            "the template has no Resources section (CloudFormation requires one)".to_string(),
        );
    }
    for section in MAPPING_SECTIONS {
        if let Some((key, node)) = root.entry(section) {
            if node.as_map().is_none() {
                error(
                    key.pos,
                    format!(
                        "{section} must be a mapping, not {}; it is not judged",
                        shape(node)
                    ),
                );
            }
        }
    }
    if let Some(params) = root.get("Parameters").and_then(Node::as_map) {
        for (key, decl) in params {
            if decl.as_map().is_none() {
                error(
                    key.pos,
                    format!(
                        "parameter {} must be a mapping with a Type, not {}",
                        key.name,
                        shape(decl)
                    ),
                );
            }
        }
    }
    out
}

/// Why a `Resources` entry cannot be judged, if it cannot: not a mapping, no `Type`, a `Type`
/// that is not a string, `Properties` that are not a mapping.
fn resource_error(key: &node::Key, decl: &Node) -> Option<String> {
    let id = &key.name;
    if decl.as_map().is_none() {
        return Some(format!(
            "resource {id} must be a mapping with a Type, not {}; it is not judged",
            shape(decl)
        ));
    }
    match decl.get("Type") {
        None => return Some(format!("resource {id} has no Type; it is not judged")),
        Some(t) if t.as_str().is_none() => {
            return Some(format!(
                "resource {id}: Type must be a string, not {}; it is not judged",
                shape(t)
            ))
        }
        Some(_) => {}
    }
    match decl.get("Properties") {
        Some(p) if !matches!(p.kind, NodeKind::Map(_) | NodeKind::Null) => Some(format!(
            "resource {id}: Properties must be a mapping, not {}; it is not judged",
            shape(p)
        )),
        _ => None,
    }
}

/// One declared resource, its properties evaluated.
pub(crate) struct Decl<'t> {
    /// Logical id.
    pub logical_id: String,
    /// `Type`.
    pub resource_type: String,
    /// Position of the logical id.
    pub pos: Pos,
    /// Evaluated `Properties` (an empty map when absent).
    pub props: Val,
    /// Why the resource may not exist (unresolved `Condition`).
    pub existence_unknown: Option<String>,
    /// `Metadata`.
    pub metadata: Option<&'t Node>,
}

impl Decl<'_> {
    /// The resource's name: the string property `key` when the template sets one, else its
    /// logical id.
    pub fn name_or_logical_id(&self, key: &str) -> String {
        self.props
            .get(key)
            .and_then(|n| n.string().ok())
            .unwrap_or_else(|| self.logical_id.clone())
    }
}

/// Everything an adapter needs about the template being adapted.
pub(crate) struct Template<'t> {
    /// Display path.
    pub path: String,
    /// The evaluator.
    pub ev: Evaluator<'t>,
    /// Declared resources that exist (or may), in template order.
    pub decls: Vec<Decl<'t>>,
    /// Resources produced so far.
    pub out: Vec<Resource>,
    /// Logical id -> index into `out`.
    pub index: HashMap<String, usize>,
    /// Logical id -> index into `decls`.
    pub decl_index: HashMap<String, usize>,
    /// Join key (static name) -> logical id.
    pub keys: HashMap<String, String>,
    /// Diagnostics.
    pub diagnostics: Vec<Diagnostic>,
    /// `AWS::Region` when given.
    pub region: Option<String>,
    /// `AWS::AccountId` when given.
    pub account: Option<String>,
}

/// Types whose id AWS assigns at creation (`vpc-...`, `sg-...`). Their stand-in id is
/// `<path>#<LogicalId>`, so that two templates of one scan that both declare `PublicSubnet`
/// are never joined to each other's route tables or security groups.
const ASSIGNED_ID_TYPES: &[&str] = &[
    "AWS::EC2::VPC",
    "AWS::EC2::Subnet",
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::RouteTable",
    "AWS::EC2::NetworkAcl",
    "AWS::EC2::Instance",
    "AWS::EC2::Volume",
    "AWS::EC2::LaunchTemplate",
];

/// The property that holds a type's physical name (what `Ref` returns for it).
fn name_property(resource_type: &str) -> Option<&'static str> {
    Some(match resource_type {
        "AWS::S3::Bucket" => "BucketName",
        "AWS::IAM::User" => "UserName",
        "AWS::IAM::Group" => "GroupName",
        "AWS::IAM::Role" => "RoleName",
        "AWS::CloudTrail::Trail" => "TrailName",
        "AWS::Config::ConfigurationRecorder" => "Name",
        "AWS::RDS::DBInstance" => "DBInstanceIdentifier",
        "AWS::RDS::DBCluster" => "DBClusterIdentifier",
        "AWS::RDS::DBParameterGroup" => "DBParameterGroupName",
        "AWS::RDS::DBClusterParameterGroup" => "DBClusterParameterGroupName",
        "AWS::RDS::DBSubnetGroup" => "DBSubnetGroupName",
        "AWS::DynamoDB::Table" => "TableName",
        "AWS::ElastiCache::ReplicationGroup" => "ReplicationGroupId",
        "AWS::ElastiCache::CacheCluster" => "ClusterName",
        "AWS::Redshift::Cluster" => "ClusterIdentifier",
        "AWS::OpenSearchService::Domain" | "AWS::Elasticsearch::Domain" => "DomainName",
        _ => return None,
    })
}

fn adapt_template(path: &str, root: &Node, options: &ScanOptions, output: &mut Output) {
    let entries: &[(node::Key, Node)] = root
        .get("Resources")
        .and_then(Node::as_map)
        .unwrap_or_default();
    // First pass: what `Ref` of each resource gives (static names may use parameters).
    let names_ev = Evaluator::new(root, &options.cfn_parameters, HashMap::new());
    let mut table = HashMap::with_capacity(entries.len());
    for (key, decl) in entries {
        let resource_type = decl.get("Type").and_then(Node::as_str).unwrap_or_default();
        let static_ref = name_property(resource_type)
            .and_then(|p| decl.get("Properties").and_then(|props| props.get(p)))
            .and_then(|n| names_ev.eval(n).string().ok());
        let key_text = match (&static_ref, resource_type) {
            (Some(s), _) => s.clone(),
            (None, "AWS::EC2::InternetGateway") => format!("igw-{path}#{}", key.name),
            (None, t) if ASSIGNED_ID_TYPES.contains(&t) => format!("{path}#{}", key.name),
            (None, _) => key.name.clone(),
        };
        table.insert(
            key.name.clone(),
            RefTarget {
                resource_type: resource_type.to_string(),
                static_ref,
                key: key_text,
            },
        );
    }
    let keys = table
        .iter()
        .map(|(id, t)| (t.key.clone(), id.clone()))
        .collect();
    let ev = Evaluator::new(root, &options.cfn_parameters, table);
    let region = ev.given("AWS::Region");
    let account = ev.given("AWS::AccountId");
    let transforms = transforms(root);
    let sam = transforms.iter().any(|t| t.starts_with("AWS::Serverless"));
    let mut t = Template {
        path: path.to_string(),
        ev,
        decls: Vec::with_capacity(entries.len()),
        out: Vec::new(),
        index: HashMap::new(),
        decl_index: HashMap::new(),
        keys,
        diagnostics: Vec::new(),
        region,
        account,
    };
    for other in transforms
        .iter()
        .filter(|t| !t.starts_with("AWS::Serverless") && *t != "AWS::LanguageExtensions")
    {
        let location = t.location(
            root.entry("Transform")
                .map_or(Pos::default(), |(k, _)| k.pos),
        );
        t.diagnostics.push(Diagnostic {
            level: DiagnosticLevel::Warning,
            location,
            message: format!(
                "the template uses the transform {other}; resources it generates are not judged"
            ),
            unjudged: Unjudged::Part,
        });
    }
    t.diagnostics.extend(section_errors(path, root));
    let mut sam_skipped = Vec::new();
    for (key, decl) in entries {
        if key.name.starts_with("Fn::ForEach::") {
            let location = t.location(key.pos);
            t.diagnostics.push(Diagnostic {
                level: DiagnosticLevel::Warning,
                location,
                message: format!(
                    "{}: Fn::ForEach is not expanded by cloudward; the resources it generates \
                     are not judged",
                    key.name
                ),
                unjudged: Unjudged::Part,
            });
            continue;
        }
        if let Some(message) = resource_error(key, decl) {
            let location = t.location(key.pos);
            t.diagnostics.push(Diagnostic {
                level: DiagnosticLevel::Error,
                location,
                message,
                unjudged: Unjudged::Part,
            });
            continue;
        }
        let resource_type = decl
            .get("Type")
            .and_then(Node::as_str)
            .unwrap_or_default()
            .to_string();
        if resource_type.starts_with("AWS::Serverless::") {
            sam_skipped.push(key.name.clone());
            continue;
        }
        let existence_unknown = match decl.get("Condition") {
            None => None,
            Some(c) => match c.as_str().map(|name| (name, t.ev.condition(name))) {
                Some((_, Ok(true))) => None,
                Some((_, Ok(false))) => continue,
                Some((name, Err(reason))) => Some(format!("condition {name}: {reason}")),
                None => Some("the Condition attribute is not a name".to_string()),
            },
        };
        let props = match decl.get("Properties") {
            Some(p) => t.ev.eval(p),
            None => Val {
                v: V::Map(Vec::new()),
                pos: key.pos,
            },
        };
        t.decl_index.insert(key.name.clone(), t.decls.len());
        t.decls.push(Decl {
            logical_id: key.name.clone(),
            resource_type,
            pos: key.pos,
            props,
            existence_unknown,
            metadata: decl.get("Metadata"),
        });
    }
    if sam && !sam_skipped.is_empty() {
        t.diagnostics.push(Diagnostic {
            level: DiagnosticLevel::Warning,
            location: t.location(Pos { line: 0, col: 0 }),
            message: format!(
                "SAM template: {} AWS::Serverless::* resource(s) not judged ({}); \
                 run `sam build` and scan the generated template to cover them",
                sam_skipped.len(),
                sam_skipped.join(", ")
            ),
            unjudged: Unjudged::Part,
        });
    }
    // Primary resources first, then the resources that modify them.
    s3::adapt(&mut t);
    ec2::adapt(&mut t);
    iam::adapt(&mut t);
    services::adapt(&mut t);
    rds::adapt(&mut t);
    kms::adapt(&mut t);
    secretsmanager::adapt(&mut t);
    ssm::adapt(&mut t);
    logs::adapt(&mut t);
    sns::adapt(&mut t);
    sqs::adapt(&mut t);
    athena::adapt(&mut t);
    backup::adapt(&mut t);
    dynamodb::adapt(&mut t);
    elasticache::adapt(&mut t);
    efs::adapt(&mut t);
    redshift::adapt(&mut t);
    opensearch::adapt(&mut t);
    organizations::adapt(&mut t);
    ssoadmin::adapt(&mut t);
    macie2::adapt(&mut t);
    elb::adapt(&mut t);
    cloudfront::adapt(&mut t);
    apigateway::adapt(&mut t);
    acm::adapt(&mut t);
    route53::adapt(&mut t);
    lambda::adapt(&mut t);
    ecr::adapt(&mut t);
    ecs::adapt(&mut t);
    eks::adapt(&mut t);
    output.resources.append(&mut t.out);
    output.diagnostics.append(&mut t.diagnostics);
}

impl<'t> Template<'t> {
    /// A location in this template.
    pub fn location(&self, pos: Pos) -> Location {
        Location {
            path: self.path.clone(),
            line: pos.line,
            column: pos.col,
        }
    }

    /// Declarations of one type.
    pub fn of_type<'a>(&'a self, resource_type: &'a str) -> impl Iterator<Item = &'a Decl<'t>> {
        self.decls
            .iter()
            .filter(move |d| d.resource_type == resource_type)
    }

    /// Add a resource built from a declaration.
    pub fn push(
        &mut self,
        decl_index: usize,
        name: String,
        attributes: Attributes,
        attribute_locations: BTreeMap<String, Location>,
    ) {
        let decl = &self.decls[decl_index];
        let (suppressions, mut diagnostics) = suppressions(self, decl);
        let (tags, tags_unknown) = tags(&decl.props);
        let resource = Resource {
            id: decl.logical_id.clone(),
            name,
            account: self.account.clone(),
            region: if is_global(&attributes) {
                None
            } else {
                self.region.clone()
            },
            tags,
            tags_unknown,
            source: Source::File(self.location(decl.pos)),
            attribute_locations,
            existence_unknown: decl.existence_unknown.clone(),
            suppressions,
            attributes,
        };
        self.index.insert(decl.logical_id.clone(), self.out.len());
        self.out.push(resource);
        self.diagnostics.append(&mut diagnostics);
    }

    /// The logical id a value refers to: a `Ref`/`GetAtt` of a template resource, or a static
    /// name one of them has.
    pub fn target(&self, v: &Val) -> Option<String> {
        match &v.v {
            V::Ref { logical_id, .. } => Some(logical_id.clone()),
            V::Str(s) => self.keys.get(s).cloned(),
            _ => None,
        }
    }

    /// The join key of a resource of this template: its static name, its stand-in id
    /// (`<path>#<LogicalId>` for ids AWS assigns), or its logical id.
    pub fn key(&self, logical_id: &str) -> String {
        self.ev
            .resource(logical_id)
            .map_or_else(|| logical_id.to_string(), |r| r.key.clone())
    }

    /// The declaration of a logical id (existing resources only).
    pub fn decl(&self, logical_id: &str) -> Option<&Decl<'t>> {
        self.decl_index.get(logical_id).map(|&i| &self.decls[i])
    }

    /// The produced resource for a logical id.
    pub fn resource_mut(&mut self, logical_id: &str) -> Option<&mut Resource> {
        self.index
            .get(logical_id)
            .copied()
            .and_then(move |i| self.out.get_mut(i))
    }

    /// Report a modifying resource whose target is not in this template.
    pub fn unjoined(&mut self, decl: usize, what: &str) {
        let d = &self.decls[decl];
        let message = format!(
            "{} {} modifies {what} that is not declared in this template; not judged",
            d.resource_type, d.logical_id
        );
        let location = self.location(d.pos);
        self.diagnostics.push(Diagnostic {
            level: DiagnosticLevel::Warning,
            location,
            message,
            unjudged: Unjudged::Part,
        });
    }
}

fn is_global(attributes: &Attributes) -> bool {
    matches!(
        attributes,
        Attributes::IamUser(_)
            | Attributes::IamGroup(_)
            | Attributes::IamRole(_)
            | Attributes::IamPolicy(_)
            | Attributes::OrganizationsOrganization(_)
            | Attributes::SsoAdminInstances(_)
            | Attributes::CloudfrontDistribution(_)
            | Attributes::Route53HostedZone(_)
    )
}

/// `Tags`, as `[{Key, Value}]` (most types) or a mapping (SSM parameters, HTTP APIs), and why
/// they may be incomplete. A tag whose value is not known is kept as [`TAG_VALUE_NOT_KNOWN`]
/// (its key is there); a tag whose key is not known, or a `Tags` that is not known at all,
/// makes the set incomplete.
fn tags(props: &Val) -> (BTreeMap<String, String>, Option<String>) {
    let mut out = BTreeMap::new();
    let Some(tags) = props.get("Tags") else {
        return (out, None);
    };
    if let Some(why) = tags.unknown_reason() {
        return (out, Some(format!("Tags: {why}")));
    }
    if let Ok(items) = tags.list() {
        let mut unknown = None;
        for item in items {
            match item.get("Key").map(Val::string) {
                Some(Ok(k)) => {
                    let v = item
                        .get("Value")
                        .map(|v| {
                            v.string()
                                .unwrap_or_else(|_| TAG_VALUE_NOT_KNOWN.to_string())
                        })
                        .unwrap_or_default();
                    out.insert(k, v);
                }
                Some(Err(why)) => unknown = Some(format!("a tag key: {why}")),
                None => unknown = Some("a tag has no Key".to_string()),
            }
        }
        return (out, unknown);
    }
    match tags.entries() {
        Some(entries) => {
            for (k, v) in entries {
                out.insert(
                    k.clone(),
                    v.string()
                        .unwrap_or_else(|_| TAG_VALUE_NOT_KNOWN.to_string()),
                );
            }
            (out, None)
        }
        None => (
            out,
            Some("Tags is neither a list nor a mapping".to_string()),
        ),
    }
}

/// `Metadata.cloudward.ignore`: each entry needs an `id` and a `reason`.
fn suppressions(t: &Template<'_>, decl: &Decl<'_>) -> (Vec<Suppression>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut diagnostics = Vec::new();
    let Some(ignore) = decl
        .metadata
        .and_then(|m| m.get("cloudward"))
        .and_then(|c| c.get("ignore"))
    else {
        return (found, diagnostics);
    };
    let items: Vec<&Node> = match &ignore.kind {
        NodeKind::Seq(items) => items.iter().collect(),
        NodeKind::Map(_) => vec![ignore],
        _ => Vec::new(),
    };
    if items.is_empty() {
        diagnostics.push(Diagnostic {
            level: DiagnosticLevel::Error,
            location: t.location(ignore.pos),
            message: "Metadata.cloudward.ignore must be a list of {id, reason}".to_string(),
            unjudged: Unjudged::Nothing,
        });
    }
    for item in items {
        let id = item
            .get("id")
            .and_then(Node::scalar_text)
            .filter(|s| !s.is_empty());
        let reason = item
            .get("reason")
            .and_then(Node::scalar_text)
            .filter(|s| !s.trim().is_empty());
        match (id, reason) {
            (Some(rule_id), Some(reason)) => found.push(Suppression {
                rule_id,
                reason,
                location: Some(t.location(item.pos)),
            }),
            (None, _) => diagnostics.push(Diagnostic {
                level: DiagnosticLevel::Error,
                location: t.location(item.pos),
                message: format!(
                    "suppression on {} has no rule id; write {{id: rule-id, reason: \"...\"}}",
                    decl.logical_id
                ),
                unjudged: Unjudged::Nothing,
            }),
            (Some(rule_id), None) => diagnostics.push(Diagnostic {
                level: DiagnosticLevel::Error,
                location: t.location(item.pos),
                message: format!(
                    "suppression of {rule_id} on {} has no reason; a reason is required, \
                     so the finding is not suppressed",
                    decl.logical_id
                ),
                unjudged: Unjudged::Nothing,
            }),
        }
    }
    (found, diagnostics)
}

/// Attribute locations: `(model attribute name, position)` pairs into a map.
pub(crate) fn locations(
    t: &Template<'_>,
    pairs: impl IntoIterator<Item = (String, Option<Pos>)>,
) -> BTreeMap<String, Location> {
    pairs
        .into_iter()
        .filter_map(|(k, p)| p.map(|p| (k, t.location(p))))
        .collect()
}

/// A `Result` of evaluation as a model value: the error is the unknown reason.
pub(crate) fn known<T>(r: Result<T, String>) -> cloudward_model::Value<T> {
    match r {
        Ok(v) => cloudward_model::Value::Known(v),
        Err(reason) => cloudward_model::Value::Unknown(reason),
    }
}

/// Parse one YAML document with the template parser's limits (aliases expanded under a node
/// budget, bounded nesting) into JSON, for other YAML files cloudward reads
/// (`.cloudward-ignore.yaml`). Numbers stay numbers when they fit JSON; tags are dropped
/// (CloudFormation short forms become their long forms, as in templates).
pub fn yaml_to_json(text: &str) -> Result<serde_json::Value, String> {
    fn convert(node: &node::Node) -> serde_json::Value {
        use node::NodeKind;
        match &node.kind {
            NodeKind::Null => serde_json::Value::Null,
            NodeKind::Bool(b) => serde_json::Value::Bool(*b),
            NodeKind::Number(n) => n
                .parse::<serde_json::Number>()
                .map(serde_json::Value::Number)
                .unwrap_or_else(|_| serde_json::Value::String(n.clone())),
            NodeKind::String(s) => serde_json::Value::String(s.clone()),
            NodeKind::Seq(items) => serde_json::Value::Array(items.iter().map(convert).collect()),
            NodeKind::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.clone(), convert(v)))
                    .collect(),
            ),
        }
    }
    let root = yaml::parse(text)
        .map_err(|e| format!("line {}, column {}: {}", e.pos.line, e.pos.col, e.message))?;
    Ok(convert(&root))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(text: &str) -> Vec<String> {
        adapt("t.yaml", text, &ScanOptions::default())
            .diagnostics
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn foreach_and_foreign_transforms_are_reported_not_ignored() {
        let text = "Transform: [AWS::LanguageExtensions, Acme::Macro]\nResources:\n  \
                    Fn::ForEach::Buckets:\n    - Name\n    - [a, b]\n    - B${Name}:\n        \
                    Type: AWS::S3::Bucket\n  Plain:\n    Type: AWS::S3::Bucket\n";
        let out = adapt("t.yaml", text, &ScanOptions::default());
        assert_eq!(out.resources.len(), 1);
        let messages = warnings(text);
        assert!(
            messages.iter().any(|m| m.contains("Fn::ForEach")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("Acme::Macro")),
            "{messages:?}"
        );
        assert!(!messages.iter().any(|m| m.contains("LanguageExtensions")));
    }

    #[test]
    fn a_yaml_flow_mapping_is_not_mistaken_for_bad_json() {
        let out = adapt(
            "flow.yaml",
            "{Resources: {B: {Type: AWS::S3::Bucket}}}",
            &ScanOptions::default(),
        );
        assert_eq!(out.resources.len(), 1);
        let bad = adapt("bad.json", "{\"Resources\": {,}}", &ScanOptions::default());
        assert!(bad.diagnostics[0].message.starts_with("JSON syntax error"));
    }

    #[test]
    fn yaml_that_is_not_a_template_yields_nothing() {
        let out = adapt("ci.yaml", "on: push\njobs: {}\n", &ScanOptions::default());
        assert!(out.resources.is_empty() && out.diagnostics.is_empty());
        assert!(!looks_like_template("name: x\nResources: 3\n"));
        assert!(looks_like_template(
            "{\"Resources\": {\"A\": {\"Type\": \"AWS::S3::Bucket\"}}}"
        ));
    }
}
