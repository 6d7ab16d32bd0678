//! Whether the EC2 instances behind an internet-facing load balancer can also be reached
//! directly from the internet on the port the load balancer sends them traffic on.
//!
//! An instance is reachable around its load balancer when three facts hold together: it has a
//! public IPv4 address, its subnet routes `0.0.0.0/0` or `::/0` to an internet gateway
//! (`Inventory::subnet_is_public`), and one of its security groups admits `0.0.0.0/0` or `::/0`
//! to that port ([`crate::ec2::world_ingress`]). A known fact that rules exposure out (no
//! public address, a private subnet) decides without the others; anything else missing is
//! Unknown, never a Pass.

use cloudward_model::{Evidence, Inventory, Outcome, Resource, ResourceKind, Value};

use crate::ec2::{world_ingress, Family};

/// One registered instance and the port traffic reaches it on.
pub(crate) struct InstanceTarget {
    /// The instance id.
    pub instance_id: String,
    /// The port.
    pub port: i32,
}

/// What one instance target turned out to be.
enum Reach {
    /// Reachable directly: the evidence.
    Exposed(String),
    /// Not reachable directly.
    Closed,
    /// Could not be told: why.
    Unknown(String),
}

/// The verdict over every instance target of one load balancer (`attribute` names where the
/// targets are written, for evidence).
pub(crate) fn judge(
    targets: &[InstanceTarget],
    resource: &Resource,
    inventory: &Inventory,
    attribute: &'static str,
) -> Outcome {
    if targets.is_empty() {
        return Outcome::Pass(Evidence::at(
            attribute,
            "no EC2 instance is registered behind the load balancer",
        ));
    }
    let region = resource.region.as_deref();
    let mut exposed = Vec::new();
    let mut unknown = Vec::new();
    for t in targets {
        match reach(t, region, inventory) {
            Reach::Exposed(e) => exposed.push(e),
            Reach::Unknown(r) => unknown.push(format!("{}: {r}", t.instance_id)),
            Reach::Closed => {}
        }
    }
    if !exposed.is_empty() {
        return Outcome::Fail(Evidence::at(attribute, exposed.join("; ")));
    }
    if !unknown.is_empty() {
        return Outcome::unknown(unknown.join("; "));
    }
    Outcome::Pass(Evidence::at(
        attribute,
        format!(
            "none of the {} registered instance target(s) can be reached from the internet \
             on its port except through the load balancer",
            targets.len()
        ),
    ))
}

fn reach(t: &InstanceTarget, region: Option<&str>, inventory: &Inventory) -> Reach {
    let id = &t.instance_id;
    let Some(instance) = inventory
        .find(ResourceKind::Ec2Instance, id)
        .and_then(Resource::as_ec2_instance)
    else {
        let listing = inventory
            .errors_for_in(ResourceKind::Ec2Instance, region)
            .next()
            .map(|e| format!(" ({})", e.reason()))
            .unwrap_or_default();
        return Reach::Unknown(format!("the instance is not in the inventory{listing}"));
    };
    if matches!(instance.state.as_str(), "terminated" | "shutting-down") {
        return Reach::Closed;
    }
    let ip = match instance.public_ip_address.get() {
        Err(r) => return Reach::Unknown(r),
        Ok(None) => return Reach::Closed,
        Ok(Some(ip)) => ip.clone(),
    };
    let Some(subnet_id) = instance.subnet_id.as_deref() else {
        return Reach::Unknown("its subnet is not known".into());
    };
    match inventory.subnet_is_public(subnet_id, region) {
        Value::Unknown(r) => return Reach::Unknown(r),
        Value::Known(false) => return Reach::Closed,
        Value::Known(true) => {}
    }
    let groups = match instance.security_group_ids.get() {
        Ok(g) => g,
        Err(r) => return Reach::Unknown(r),
    };
    let port: &[(i32, &'static str)] = &[(t.port, "target port")];
    let mut unknown = Vec::new();
    for g in groups {
        let Some(group) = inventory
            .find(ResourceKind::Ec2SecurityGroup, g)
            .and_then(Resource::as_ec2_security_group)
        else {
            unknown.push(format!("security group {g} is not in the inventory"));
            continue;
        };
        match group.ingress.get() {
            Err(r) => unknown.push(format!("security group {g}: {r}")),
            Ok(ingress) => {
                if let Some(e) = world_ingress(ingress, port, Family::Any).first() {
                    return Reach::Exposed(format!(
                        "instance {id} (public IPv4 {ip}, internet-routed subnet {subnet_id}) \
                         accepts port {} from {} through {g} {}",
                        t.port,
                        e.cidr,
                        e.describe()
                    ));
                }
            }
        }
    }
    if unknown.is_empty() {
        Reach::Closed
    } else {
        Reach::Unknown(unknown.join("; "))
    }
}

#[cfg(test)]
pub(crate) mod test_helpers {
    //! A network of one public or private subnet, one instance and one security group.
    use cloudward_model::ec2::{Instance, Peer, Route, RouteTable, Subnet};
    use cloudward_model::{test_support, Attributes, Inventory, Value};

    use crate::ec2::test_helpers::{group, perm};

    /// An inventory with instance `i-1` (public IPv4 when `public_ip`) in subnet-1 (routed to
    /// an internet gateway when `public_subnet`) with security group sg-1 opening `open_port`
    /// to 0.0.0.0/0.
    pub(crate) fn network(public_ip: bool, public_subnet: bool, open_port: i32) -> Inventory {
        let mut inv = Inventory::new();
        inv.push(test_support::resource(
            "subnet-1",
            Attributes::Ec2Subnet(Subnet {
                subnet_id: "subnet-1".into(),
                vpc_id: "vpc-1".into(),
                availability_zone: "us-east-1a".into(),
                map_public_ip_on_launch: Value::Known(false),
                ..Default::default()
            }),
        ));
        inv.push(test_support::resource(
            "rtb-1",
            Attributes::Ec2RouteTable(RouteTable {
                route_table_id: "rtb-1".into(),
                vpc_id: "vpc-1".into(),
                is_main: true,
                associated_subnet_ids: vec![],
                routes: Value::Known(vec![Route {
                    destination: "0.0.0.0/0".into(),
                    target: if public_subnet { "igw-1" } else { "nat-1" }.into(),
                }]),
            }),
        ));
        inv.push(group(
            "sg-1",
            Value::Known(vec![perm(
                "tcp",
                open_port,
                open_port,
                Peer::Ipv4("0.0.0.0/0".into()),
            )]),
        ));
        inv.push(test_support::resource(
            "i-1",
            Attributes::Ec2Instance(Instance {
                instance_id: "i-1".into(),
                state: "running".into(),
                public_ip_address: Value::Known(public_ip.then(|| "203.0.113.10".to_string())),
                subnet_id: Some("subnet-1".into()),
                vpc_id: Some("vpc-1".into()),
                security_group_ids: Value::Known(vec!["sg-1".into()]),
                ..Default::default()
            }),
        ));
        inv
    }
}
