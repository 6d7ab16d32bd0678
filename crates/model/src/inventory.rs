//! `Inventory`: every resource from one source, plus what could not be collected.
//!
//! It serialises to a versioned JSON snapshot (`cloudward collect -o inventory.json`), which
//! `cloudward scan --inventory` reads back with no AWS calls.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, OnceLock};

use hashbrown::{hash_table::Entry, DefaultHashBuilder, HashTable};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::resource::{Resource, ResourceKind};
use crate::Value;

/// The snapshot format version this build writes and reads.
pub const SNAPSHOT_VERSION: u32 = 1;

/// Largest snapshot [`Inventory::from_json`] reads: 4 GiB of JSON, about three million
/// resources (a million take about 1.1 GB). Larger input is refused before it is parsed.
pub const MAX_SNAPSHOT_BYTES: u64 = 4 << 30;

/// Deepest nesting of arrays and objects a snapshot may have. A snapshot nests about ten
/// levels (policy documents inside resources add a few more), so this only refuses hostile
/// input, in one linear pass before parsing (serde_json's own recursion limit does not apply
/// to every path, e.g. fields it skips).
pub const MAX_SNAPSHOT_DEPTH: usize = 128;

/// Why a call failed, classified so rules and reports can say it plainly.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// AccessDenied, UnauthorizedOperation, missing permission.
    AccessDenied,
    /// The endpoint does not implement the API (UnknownOperation, HTML 404/500 from an emulator).
    Unsupported,
    /// Throttling that outlived the retries.
    Throttled,
    /// The endpoint answered with a success status in a shape the SDK could not read. One
    /// such answer is not proof that the API is unsupported; several in a row are remembered.
    Unreadable,
    /// A timeout.
    Timeout,
    /// Connection or DNS failure.
    Network,
    /// The region is not enabled or not reachable for this account.
    RegionDisabled,
    /// Anything else; the message says what.
    #[default]
    Other,
}

impl ErrorKind {
    /// The snake_case name, as JSON spells it (`access_denied`, `unreadable`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::AccessDenied => "access_denied",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Throttled => "throttled",
            ErrorKind::Unreadable => "unreadable",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Network => "network",
            ErrorKind::RegionDisabled => "region_disabled",
            ErrorKind::Other => "other",
        }
    }
}

/// A call that failed during collection.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CollectionError {
    /// The account the call was made in, when a report covers more than one (an organization
    /// scan sets it; a one-account inventory leaves it `None`, its `account_id` says it). First
    /// so that errors sort by account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// SDK service name (`s3`, `iam`, ...).
    pub service: String,
    /// Region (`None` for global services).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// API action, e.g. `ListBuckets`.
    pub api: String,
    /// Classification.
    pub kind: ErrorKind,
    /// One readable line: the service's own message, or what went wrong on the wire.
    pub message: String,
    /// The SDK's whole error chain, for `-v` and the JSON report (not the terminal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The resources the failed calls were about ("bucket logs"), sorted: one error per
    /// service, region, API and kind stands for every call that failed the same way, so that
    /// which call failed first cannot change the report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<String>,
    /// Later calls of the same API in the same region that were not made, because this
    /// failure showed they could not succeed (denied repeatedly, unsupported, unreadable).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub not_called: u32,
    /// Kinds whose whole listing failed in this region because of it (empty when only some
    /// attributes became Unknown).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<ResourceKind>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl CollectionError {
    /// A short reason for Unknown findings: "s3:ListBuckets in us-east-1 failed: ...".
    pub fn reason(&self) -> String {
        let region = self.region.as_deref().unwrap_or("global");
        format!(
            "{}:{} in {region} failed: {}",
            self.service, self.api, self.message
        )
    }

    /// What the error stands for beyond its message, for reports: "for 3 resources: bucket a,
    /// bucket b, bucket c; 8 later calls not made". Empty when it was one call about nothing
    /// in particular (a listing).
    pub fn scope(&self) -> String {
        self.scope_parts().join("; ")
    }

    /// The parts of [`CollectionError::scope`], one per line where a report has room.
    pub fn scope_parts(&self) -> Vec<String> {
        const SHOWN: usize = 5;
        let mut parts = Vec::new();
        match self.subjects.len() {
            0 => {}
            1 => parts.push(format!("for {}", self.subjects[0])),
            n => {
                let shown: Vec<&str> = self
                    .subjects
                    .iter()
                    .take(SHOWN)
                    .map(String::as_str)
                    .collect();
                let more = if n > SHOWN {
                    format!(" and {} more", n - SHOWN)
                } else {
                    String::new()
                };
                parts.push(format!("for {n} resources: {}{more}", shown.join(", ")));
            }
        }
        match self.not_called {
            0 => {}
            1 => parts.push("1 later call not made".to_string()),
            n => parts.push(format!("{n} later calls not made")),
        }
        parts
    }
}

/// Everything one source said about one account (or one code tree).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Inventory {
    /// Snapshot format version; see [`SNAPSHOT_VERSION`].
    pub format_version: u32,
    /// Account id, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The moment the data describes. Rules measure ages ("unused for 45 days") against this,
    /// not the wall clock, so re-scanning a snapshot gives the same answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collected_at: Option<DateTime<Utc>>,
    /// Regions covered by this inventory.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Services a live collection read (registry names). Empty when not known: code
    /// inventories, older snapshots, hand-built ones. A rule that concludes from the *absence*
    /// of another service's resources asks [`Inventory::collected`] first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    /// The resources, sorted by kind then id for stable output.
    pub resources: Vec<Resource>,
    /// Calls that failed.
    #[serde(default)]
    pub errors: Vec<CollectionError>,
    /// The organisation's settings (`cloudward.toml`) the rules judge against: not account
    /// data, so never part of a snapshot; the CLI sets it before evaluation.
    #[serde(skip)]
    pub settings: crate::Settings,
    #[serde(skip)]
    index: OnceLock<Index>,
    /// Values derived from the whole inventory ([`Inventory::derived`]), one per type.
    #[serde(skip)]
    derived: Derived,
    /// Set by [`Inventory::normalize`]: the resources are in report order, and whether two
    /// share a kind, id and region. Cleared by [`Inventory::push`].
    #[serde(skip)]
    order: Option<Order>,
}

/// The store behind [`Inventory::derived`].
#[derive(Debug, Default)]
struct Derived(Mutex<Vec<(TypeId, Arc<dyn Any + Send + Sync>)>>);

impl Derived {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(TypeId, Arc<dyn Any + Send + Sync>)>> {
        // A panic while holding the lock leaves the list whole (push is the only write).
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn get<T: Any + Send + Sync>(&self, id: TypeId) -> Option<Arc<T>> {
        let list = self.lock();
        let (_, value) = list.iter().find(|(t, _)| *t == id)?;
        value.clone().downcast::<T>().ok()
    }

    fn insert<T: Any + Send + Sync>(
        &self,
        id: TypeId,
        value: Arc<dyn Any + Send + Sync>,
    ) -> Arc<T> {
        let mut list = self.lock();
        let stored = match list.iter().find(|(t, _)| *t == id) {
            Some((_, first)) => first.clone(),
            None => {
                list.push((id, value.clone()));
                value
            }
        };
        stored
            .downcast::<T>()
            .expect("values are stored under their own TypeId")
    }
}

/// What [`Inventory::normalize`] learnt about the order of the resources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Order {
    /// Whether two resources share a kind, id and region (the engine then orders their
    /// verdicts by content).
    pub has_ties: bool,
}

impl Clone for Inventory {
    fn clone(&self) -> Self {
        Inventory {
            format_version: self.format_version,
            account_id: self.account_id.clone(),
            collected_at: self.collected_at,
            regions: self.regions.clone(),
            services: self.services.clone(),
            resources: self.resources.clone(),
            errors: self.errors.clone(),
            settings: self.settings.clone(),
            index: OnceLock::new(),
            derived: Derived::default(),
            order: self.order,
        }
    }
}

/// Refuse JSON nested deeper than `limit`, naming the bracket that went past it. Strings are
/// skipped (a bracket inside one does not count); malformed JSON is left to the parser.
fn check_depth(text: &str, limit: usize) -> Result<(), SnapshotError> {
    let (mut depth, mut line, mut line_start) = (0usize, 1usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for (at, byte) in text.bytes().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return Err(SnapshotError::TooDeep {
                        limit,
                        line,
                        column: at - line_start + 1,
                    });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => {
                line += 1;
                line_start = at + 1;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Lookup tables built once, on first use. They hold positions, never copies of names, so a
/// million-resource inventory pays a few bytes per resource rather than a second copy of every
/// name.
#[derive(Debug, Default)]
struct Index {
    /// Positions of each kind, in inventory order.
    by_kind: HashMap<ResourceKind, Vec<usize>>,
    /// The position of the first resource of each (kind, name), hashed by `hasher`: one probe
    /// and one comparison per lookup (rules look up subnets, groups and instances for every
    /// resource they judge).
    by_name: HashTable<usize>,
    hasher: DefaultHashBuilder,
    /// Route table positions per VPC id, for [`Inventory::subnet_is_public`].
    route_tables_by_vpc: HashMap<String, Vec<usize>>,
}

impl Index {
    fn name_hash(&self, kind: ResourceKind, name: &str) -> u64 {
        self.hasher.hash_one((kind, name))
    }
}

/// Errors reading a snapshot.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SnapshotError {
    /// The JSON did not parse or did not match the model.
    // The serde error is the source, not part of this message: `{:#}` prints the chain, and
    // naming it twice gave "X: X" (issue 8).
    #[error("inventory snapshot is not valid JSON for format version {SNAPSHOT_VERSION}")]
    Parse(#[from] serde_json::Error),
    /// A snapshot from another format version.
    #[error("inventory snapshot has format version {found}; this build reads version {SNAPSHOT_VERSION}")]
    Version {
        /// The version found in the file.
        found: u32,
    },
    /// Nested deeper than [`MAX_SNAPSHOT_DEPTH`].
    #[error("inventory snapshot nests deeper than {limit} levels at line {line}, column {column}")]
    TooDeep {
        /// The limit.
        limit: usize,
        /// 1-based line of the bracket that went past it.
        line: usize,
        /// 1-based column (in bytes) of that bracket.
        column: usize,
    },
    /// Larger than [`MAX_SNAPSHOT_BYTES`].
    #[error("inventory snapshot is {bytes} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// Its size.
        bytes: u64,
        /// The limit it is over.
        limit: u64,
    },
}

impl Inventory {
    /// An empty inventory of the current format version.
    pub fn new() -> Self {
        Inventory {
            format_version: SNAPSHOT_VERSION,
            ..Default::default()
        }
    }

    /// An inventory of `account` of which nothing could be collected because of `error` (an
    /// organization member whose role could not be assumed): `error` is made to hide every
    /// resource kind, so every rule reports Unknown for the account with its reason, and the
    /// account shows in every report instead of being left out.
    pub fn uncollected(account: &str, mut error: CollectionError) -> Self {
        error.account = Some(account.to_string());
        error.kinds = ResourceKind::ALL.to_vec();
        let mut inventory = Inventory::new();
        inventory.account_id = Some(account.to_string());
        inventory.errors.push(error);
        inventory
    }

    /// Sort resources and errors so that output is deterministic. Call after filling.
    pub fn normalize(&mut self) {
        // Kind, then id, then region: the order the `resources` field documents and the order
        // reports list resources in, so the engine need not re-sort them. Unstable sort: in
        // place, where a stable sort would allocate half the inventory again.
        fn key(r: &Resource) -> (ResourceKind, &str, Option<&str>) {
            (r.kind(), &r.id, r.region.as_deref())
        }
        self.resources.sort_unstable_by(|a, b| key(a).cmp(&key(b)));
        // Recorded once here so that the engine need not re-check the order of every kind
        // for every rule.
        let has_ties = self.resources.windows(2).any(|w| key(&w[0]) == key(&w[1]));
        self.errors.sort();
        self.errors.dedup();
        self.regions.sort();
        self.regions.dedup();
        self.index = OnceLock::new();
        self.derived = Derived::default();
        self.order = Some(Order { has_ties });
    }

    /// The order [`Inventory::normalize`] established, if nothing was pushed since: resources
    /// sorted by kind, id and region, and whether any tie. `None` means unknown order.
    pub fn order(&self) -> Option<Order> {
        self.order
    }

    /// Add a resource (invalidates the lookup index).
    pub fn push(&mut self, resource: Resource) {
        self.resources.push(resource);
        self.index = OnceLock::new();
        self.derived = Derived::default();
        self.order = None;
    }

    /// A value computed once from the whole inventory and shared by every caller that asks
    /// for the same type: the escalation analysis builds one policy evaluator and answers
    /// every principal from it, instead of each rule rebuilding it per resource. Cleared by
    /// [`Inventory::push`] and [`Inventory::normalize`], like the lookup index; not cloned.
    /// `compute` runs without a lock held (it may ask for another derived value); when two
    /// threads race, the first stored value wins and both get it.
    pub fn derived<T: Any + Send + Sync>(&self, compute: impl FnOnce(&Inventory) -> T) -> Arc<T> {
        let id = TypeId::of::<T>();
        if let Some(found) = self.derived.get(id) {
            return found;
        }
        let value: Arc<dyn Any + Send + Sync> = Arc::new(compute(self));
        self.derived.insert(id, value)
    }

    /// Read a snapshot of at most [`MAX_SNAPSHOT_BYTES`], nested at most
    /// [`MAX_SNAPSHOT_DEPTH`] deep (a deeper one is a parse error naming its line and column).
    pub fn from_json(text: &str) -> Result<Self, SnapshotError> {
        Self::check_size(text.len() as u64)?;
        check_depth(text, MAX_SNAPSHOT_DEPTH)?;
        #[derive(Deserialize)]
        struct Header {
            format_version: u32,
        }
        let header: Header = serde_json::from_str(text)?;
        if header.format_version != SNAPSHOT_VERSION {
            return Err(SnapshotError::Version {
                found: header.format_version,
            });
        }
        let mut inv: Inventory = serde_json::from_str(text)?;
        inv.normalize();
        Ok(inv)
    }

    /// Refuse a snapshot of `bytes` before reading it, when it is over [`MAX_SNAPSHOT_BYTES`].
    pub fn check_size(bytes: u64) -> Result<(), SnapshotError> {
        if bytes > MAX_SNAPSHOT_BYTES {
            return Err(SnapshotError::TooLarge {
                bytes,
                limit: MAX_SNAPSHOT_BYTES,
            });
        }
        Ok(())
    }

    /// Write a snapshot (pretty JSON, stable order).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the model serialises to JSON")
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let mut idx = Index::default();
            for (i, r) in self.resources.iter().enumerate() {
                idx.by_kind.entry(r.kind()).or_default().push(i);
                if let Some(table) = r.as_ec2_route_table() {
                    idx.route_tables_by_vpc
                        .entry(table.vpc_id.clone())
                        .or_default()
                        .push(i);
                }
            }
            idx.by_name = HashTable::with_capacity(self.resources.len());
            for (i, r) in self.resources.iter().enumerate() {
                let (kind, name) = (r.kind(), r.name.as_str());
                let hash = idx.name_hash(kind, name);
                let same = |&j: &usize| {
                    let other = &self.resources[j];
                    other.kind() == kind && other.name == name
                };
                let rehash = |&j: &usize| {
                    let other = &self.resources[j];
                    idx.hasher.hash_one((other.kind(), other.name.as_str()))
                };
                // The first of equal names stays: `find` returns it.
                if let Entry::Vacant(slot) = idx.by_name.entry(hash, same, rehash) {
                    slot.insert(i);
                }
            }
            idx
        })
    }

    /// How many resources of one kind there are (without visiting them).
    pub fn count_of_kind(&self, kind: ResourceKind) -> usize {
        self.index().by_kind.get(&kind).map_or(0, Vec::len)
    }

    /// Resources of one kind, in inventory order.
    pub fn of_kind(&self, kind: ResourceKind) -> impl Iterator<Item = &Resource> + '_ {
        self.index()
            .by_kind
            .get(&kind)
            .into_iter()
            .flatten()
            .map(move |&i| &self.resources[i])
    }

    /// A resource by kind and name (bucket name, group id, subnet id, user name, ...).
    pub fn find(&self, kind: ResourceKind, name: &str) -> Option<&Resource> {
        let index = self.index();
        index
            .by_name
            .find(index.name_hash(kind, name), |&j| {
                let r = &self.resources[j];
                r.kind() == kind && r.name == name
            })
            .map(|&j| &self.resources[j])
    }

    /// Whether `service` was collected: `Some(true)`/`Some(false)` for a live collection that
    /// recorded its services, `None` when the inventory does not say.
    pub fn collected(&self, service: &str) -> Option<bool> {
        (!self.services.is_empty()).then(|| self.services.iter().any(|s| s == service))
    }

    /// Errors that stopped a kind from being listed, in any region (or globally).
    pub fn errors_for(&self, kind: ResourceKind) -> impl Iterator<Item = &CollectionError> + '_ {
        self.errors.iter().filter(move |e| e.kinds.contains(&kind))
    }

    /// Errors that stopped a kind from being listed where a resource in `region` would have
    /// been listed: in that region, or by a global listing (region `None`). A lookup on behalf
    /// of one resource uses this, so that a failure in eu-west-1 cannot make a us-east-1
    /// verdict Unknown (issue 8, defect 2).
    pub fn errors_for_in<'a>(
        &'a self,
        kind: ResourceKind,
        region: Option<&'a str>,
    ) -> impl Iterator<Item = &'a CollectionError> + 'a {
        self.errors_for(kind).filter(move |e| {
            e.region.is_none() || region.is_none() || e.region.as_deref() == region
        })
    }

    /// Whether a subnet routes `0.0.0.0/0` or `::/0` to an internet gateway, through its
    /// explicitly associated route table or else its VPC's main table. Unknown when the subnet
    /// or the route tables of *its* region could not be read; a failed listing in another
    /// region does not matter.
    ///
    /// `region` is the region of the resource asking (an instance), used to explain a subnet
    /// that is missing because the subnet listing of that region failed.
    pub fn subnet_is_public(&self, subnet_id: &str, region: Option<&str>) -> Value<bool> {
        let Some((subnet_resource, subnet)) = self
            .find(ResourceKind::Ec2Subnet, subnet_id)
            .and_then(|r| Some((r, r.as_ec2_subnet()?)))
        else {
            return match self.errors_for_in(ResourceKind::Ec2Subnet, region).next() {
                Some(err) => Value::unknown(format!(
                    "subnet {subnet_id} was not listed: {}",
                    err.reason()
                )),
                None => Value::unknown(format!("subnet {subnet_id} is not in the inventory")),
            };
        };
        let subnet_region = subnet_resource.region.as_deref();
        if let Some(err) = self
            .errors_for_in(ResourceKind::Ec2RouteTable, subnet_region)
            .next()
        {
            return Value::unknown(err.reason());
        }
        let tables: Vec<_> = self
            .index()
            .route_tables_by_vpc
            .get(&subnet.vpc_id)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.resources[i].as_ec2_route_table())
            .collect();
        let table = tables
            .iter()
            .find(|t| t.associated_subnet_ids.iter().any(|s| s == subnet_id))
            .or_else(|| tables.iter().find(|t| t.is_main));
        let Some(table) = table else {
            return Value::unknown(format!("no route table found for subnet {subnet_id}"));
        };
        table.routes.as_ref().map(|routes| {
            routes.iter().any(|r| {
                (r.destination == "0.0.0.0/0" || r.destination == "::/0")
                    && r.target.starts_with("igw-")
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ec2::{Route, RouteTable, Subnet};
    use crate::{test_support, Attributes};

    fn subnet(id: &str, vpc: &str) -> Resource {
        test_support::resource(
            id,
            Attributes::Ec2Subnet(Subnet {
                subnet_id: id.into(),
                vpc_id: vpc.into(),
                ..Default::default()
            }),
        )
    }

    fn table(id: &str, vpc: &str, main: bool, subnets: &[&str], target: &str) -> Resource {
        test_support::resource(
            id,
            Attributes::Ec2RouteTable(RouteTable {
                route_table_id: id.into(),
                vpc_id: vpc.into(),
                is_main: main,
                associated_subnet_ids: subnets.iter().map(|s| s.to_string()).collect(),
                routes: Value::Known(vec![Route {
                    destination: "0.0.0.0/0".into(),
                    target: target.into(),
                }]),
            }),
        )
    }

    #[test]
    fn derived_values_are_computed_once_until_the_next_push() {
        use std::cell::Cell;
        let calls = Cell::new(0);
        let mut inv = Inventory::new();
        let count = |inv: &Inventory| {
            calls.set(calls.get() + 1);
            inv.resources.len()
        };
        assert_eq!(*inv.derived(count), 0);
        assert_eq!(*inv.derived(count), 0);
        assert_eq!(calls.get(), 1, "the second ask reuses the first value");
        assert_eq!(*inv.derived(|_| "another type"), "another type");
        inv.push(crate::test_support::global(
            "x",
            crate::Attributes::IamUser(Default::default()),
        ));
        assert_eq!(*inv.derived(count), 1, "a push clears derived values");
        assert_eq!(*inv.clone().derived(|_| 7usize), 7, "a clone starts empty");
    }

    #[test]
    fn normalize_records_the_order_and_ties_until_the_next_push() {
        let mut inv = Inventory::new();
        inv.push(subnet("subnet-b", "vpc-1"));
        inv.push(subnet("subnet-a", "vpc-1"));
        assert_eq!(inv.order(), None);
        inv.normalize();
        assert_eq!(inv.order(), Some(Order { has_ties: false }));
        assert_eq!(inv.resources[0].name, "subnet-a");
        inv.push(subnet("subnet-a", "vpc-2"));
        assert_eq!(inv.order(), None);
        inv.normalize();
        assert_eq!(inv.order(), Some(Order { has_ties: true }));
        assert_eq!(inv.clone().order(), inv.order());
    }

    #[test]
    fn find_returns_the_first_of_equal_names_and_none_when_absent() {
        let mut inv = Inventory::new();
        let mut first = subnet("subnet-b", "vpc-1");
        first.id = "first".into();
        let mut second = subnet("subnet-b", "vpc-2");
        second.id = "second".into();
        inv.push(subnet("subnet-c", "vpc-1"));
        inv.push(first);
        inv.push(second);
        inv.push(subnet("subnet-a", "vpc-1"));
        let found = inv
            .find(ResourceKind::Ec2Subnet, "subnet-b")
            .map(|r| r.id.as_str());
        assert_eq!(found, Some("first"));
        assert!(inv.find(ResourceKind::Ec2Subnet, "subnet-0").is_none());
        assert!(inv.find(ResourceKind::Ec2Vpc, "subnet-a").is_none());
    }

    #[test]
    fn subnet_is_public_uses_the_association_then_the_main_table_of_its_vpc() {
        let mut inv = Inventory::new();
        inv.push(subnet("subnet-pub", "vpc-1"));
        inv.push(subnet("subnet-priv", "vpc-1"));
        inv.push(subnet("subnet-other", "vpc-2"));
        inv.push(table("rtb-main", "vpc-1", true, &[], "nat-1"));
        inv.push(table("rtb-pub", "vpc-1", false, &["subnet-pub"], "igw-1"));
        inv.push(table("rtb-2", "vpc-2", false, &["subnet-priv"], "igw-2"));
        assert_eq!(inv.subnet_is_public("subnet-pub", None), Value::Known(true));
        // The vpc-2 table names subnet-priv but belongs to another VPC: ignored.
        assert_eq!(
            inv.subnet_is_public("subnet-priv", None),
            Value::Known(false)
        );
        assert!(inv
            .subnet_is_public("subnet-other", None)
            .unknown_reason()
            .is_some());
        assert!(inv
            .subnet_is_public("subnet-none", None)
            .unknown_reason()
            .is_some());
    }

    fn in_region(mut r: Resource, region: &str) -> Resource {
        r.region = Some(region.into());
        r
    }

    #[test]
    fn an_uncollected_account_hides_every_kind_behind_its_error() {
        let inventory = Inventory::uncollected(
            "111111111111",
            CollectionError {
                service: "sts".into(),
                api: "AssumeRole".into(),
                message: "denied".into(),
                ..Default::default()
            },
        );
        assert_eq!(inventory.account_id.as_deref(), Some("111111111111"));
        assert_eq!(inventory.errors.len(), 1);
        assert_eq!(inventory.errors[0].account.as_deref(), Some("111111111111"));
        for &kind in ResourceKind::ALL {
            assert_eq!(inventory.errors_for(kind).count(), 1, "{kind:?}");
        }
        // A snapshot of it reads back the same.
        let back = Inventory::from_json(&inventory.to_json()).expect("round trip");
        assert_eq!(back.errors, inventory.errors);
    }

    fn route_tables_denied(region: &str) -> CollectionError {
        CollectionError {
            service: "ec2".into(),
            region: Some(region.into()),
            api: "DescribeRouteTables".into(),
            kind: crate::ErrorKind::AccessDenied,
            message: "access denied".into(),
            kinds: vec![ResourceKind::Ec2RouteTable],
            ..Default::default()
        }
    }

    /// Issue 8, defect 2: a route-table listing denied in eu-west-1 made every subnet in
    /// us-east-1 Unknown.
    #[test]
    fn issue8_a_failed_listing_in_another_region_does_not_blur_this_one() {
        let mut inv = Inventory::new();
        inv.push(in_region(subnet("subnet-east", "vpc-east"), "us-east-1"));
        inv.push(in_region(subnet("subnet-west", "vpc-west"), "eu-west-1"));
        inv.push(in_region(
            table("rtb-east", "vpc-east", true, &[], "igw-1"),
            "us-east-1",
        ));
        inv.errors.push(route_tables_denied("eu-west-1"));
        inv.normalize();
        assert_eq!(
            inv.subnet_is_public("subnet-east", Some("us-east-1")),
            Value::Known(true)
        );
        let west = inv.subnet_is_public("subnet-west", Some("eu-west-1"));
        assert!(
            west.unknown_reason()
                .is_some_and(|r| r.contains("DescribeRouteTables in eu-west-1")),
            "{west:?}"
        );
    }

    #[test]
    fn issue8_a_subnet_missing_because_its_region_failed_says_so() {
        let mut inv = Inventory::new();
        inv.errors.push(CollectionError {
            api: "DescribeSubnets".into(),
            kinds: vec![ResourceKind::Ec2Subnet],
            ..route_tables_denied("eu-west-1")
        });
        let missing = inv.subnet_is_public("subnet-1", Some("eu-west-1"));
        assert!(
            missing
                .unknown_reason()
                .is_some_and(|r| r.contains("was not listed") && r.contains("DescribeSubnets")),
            "{missing:?}"
        );
        let elsewhere = inv.subnet_is_public("subnet-1", Some("us-east-1"));
        assert_eq!(
            elsewhere.unknown_reason(),
            Some("subnet subnet-1 is not in the inventory")
        );
    }

    /// Nesting at the limit is parsed (and then refused for its shape, not its depth); one
    /// level more is refused by depth, naming the line and column.
    #[test]
    fn issue8_snapshot_nesting_is_limited() {
        let nested = |depth: usize| {
            format!(
                "{{\"format_version\": 1, \"resources\": [], \"regions\": {}{}}}",
                "[".repeat(depth - 1),
                "]".repeat(depth - 1)
            )
        };
        let at = Inventory::from_json(&nested(MAX_SNAPSHOT_DEPTH)).expect_err("not strings");
        assert!(matches!(at, SnapshotError::Parse(_)), "{at}");
        let past = Inventory::from_json(&nested(MAX_SNAPSHOT_DEPTH + 1)).expect_err("too deep");
        assert!(
            matches!(
                past,
                SnapshotError::TooDeep {
                    line: 1,
                    column: 178,
                    ..
                }
            ),
            "{past}"
        );
        // Brackets inside strings do not count.
        let quoted = format!(
            "{{\"format_version\": 1, \"resources\": [], \"regions\": [\"{}\\\"\"]}}",
            "[".repeat(1000)
        );
        let inv = Inventory::from_json(&quoted).expect("a region name full of brackets");
        assert_eq!(inv.regions.len(), 1);
    }

    #[test]
    fn issue8_snapshot_size_is_limited() {
        assert!(Inventory::check_size(MAX_SNAPSHOT_BYTES).is_ok());
        let past = Inventory::check_size(MAX_SNAPSHOT_BYTES + 1).expect_err("too large");
        assert!(matches!(past, SnapshotError::TooLarge { .. }), "{past}");
    }

    #[test]
    fn error_kind_names_are_the_json_names() {
        for kind in [
            ErrorKind::AccessDenied,
            ErrorKind::Unsupported,
            ErrorKind::Throttled,
            ErrorKind::Unreadable,
            ErrorKind::Timeout,
            ErrorKind::Network,
            ErrorKind::RegionDisabled,
            ErrorKind::Other,
        ] {
            assert_eq!(
                serde_json::to_value(kind).expect("serialises"),
                serde_json::json!(kind.as_str())
            );
        }
    }
}
