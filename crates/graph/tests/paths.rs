//! Path search and the four output formats.

use cloudward_graph::{build, find, render, search, Format, Layer, Query};

use serde_json::json;

use crate::fixture::*;

#[test]
fn internet_to_data_goes_through_instance_and_role() {
    let inv = web("optional", READ_DATA());
    let evaluator = cloudward_policy::Evaluator::new(&inv);
    let graph = build(&inv, &evaluator);
    let paths = search(
        &graph,
        Query {
            to: Some(Layer::Data),
        },
    );
    assert_eq!(paths.paths.len(), 1);
    let labels: Vec<&str> = paths.paths[0]
        .nodes
        .iter()
        .map(|&n| graph.node(n).label.as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "Internet",
            "EC2 instance i-1",
            "IAM role app",
            "S3 bucket data"
        ]
    );
    assert!(!paths.paths[0].is_certain());
}

#[test]
fn a_private_subnet_has_no_path() {
    let mut inv = web("optional", READ_DATA());
    for r in &mut inv.resources {
        if let cloudward_model::Attributes::Ec2RouteTable(t) = &mut r.attributes {
            t.routes = cloudward_model::Value::Known(vec![cloudward_model::ec2::Route {
                destination: "0.0.0.0/0".into(),
                target: "nat-1".into(),
            }]);
        }
    }
    let evaluator = cloudward_policy::Evaluator::new(&inv);
    let graph = build(&inv, &evaluator);
    assert!(search(&graph, Query { to: None }).paths.is_empty());
}

#[test]
fn formats_snapshot() {
    let mut resources = vec![
        function("NONE", "fn"),
        role("fn", IAM_WRITE(), service_trust("lambda.amazonaws.com")),
    ];
    resources.extend(instance("optional", https_world()));
    resources.push(role("app", READ_DATA(), service_trust("ec2.amazonaws.com")));
    resources.push(bucket("data", None));
    let inv = inventory(resources);
    let evaluator = cloudward_policy::Evaluator::new(&inv);
    let graph = build(&inv, &evaluator);
    let paths = search(&graph, Query { to: None });
    let combos = find(&graph, &evaluator);
    insta::assert_snapshot!("text", render(&graph, &paths, &combos, Format::Text));
    insta::assert_snapshot!("json", render(&graph, &paths, &combos, Format::Json));
    insta::assert_snapshot!("mermaid", render(&graph, &paths, &combos, Format::Mermaid));
    insta::assert_snapshot!("dot", render(&graph, &paths, &combos, Format::Dot));
}

/// The role → data pass asks only about data its policies' `Resource` patterns can name, plus
/// data with a resource policy: access granted by a bucket policy alone must still be found.
#[test]
fn access_granted_by_the_bucket_policy_alone_is_an_edge() {
    let grant = json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/app"},
                       "Action": "s3:GetObject", "Resource": "arn:aws:s3:::vault/*"});
    let mut resources = instance("required", https_world());
    let narrow = json!({"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"});
    resources.push(role("app", narrow, service_trust("ec2.amazonaws.com")));
    resources.push(bucket("vault", Some(grant)));
    resources.push(bucket("other", None));
    let inv = inventory(resources);
    let evaluator = cloudward_policy::Evaluator::new(&inv);
    let graph = build(&inv, &evaluator);
    let paths = search(
        &graph,
        Query {
            to: Some(Layer::Data),
        },
    );
    let ends: Vec<&str> = paths
        .paths
        .iter()
        .map(|p| graph.node(p.target()).label.as_str())
        .collect();
    assert_eq!(ends, ["S3 bucket vault"]);
}

/// A private instance behind an internet-facing load balancer is reached through it.
#[test]
fn a_load_balancer_forwards_the_internet_to_its_targets() {
    use cloudward_model::elb::{LoadBalancer, Target, TargetGroup};
    use cloudward_model::{test_support, Attributes, Value};
    let mut resources = instance("required", https_world());
    for r in &mut resources {
        if let Attributes::Ec2Instance(i) = &mut r.attributes {
            i.public_ip_address = Value::Known(None);
        }
    }
    resources.push(test_support::resource(
        "web-alb",
        Attributes::ElbLoadBalancer(LoadBalancer {
            load_balancer_name: "web-alb".into(),
            load_balancer_type: "application".into(),
            scheme: "internet-facing".into(),
            security_groups: vec!["sg-web".into()],
            target_groups: Value::Known(vec![TargetGroup {
                target_group_name: "web".into(),
                target_type: "instance".into(),
                port: Some(8080),
                targets: Value::Known(vec![Target {
                    id: "i-1".into(),
                    port: None,
                }]),
                ..Default::default()
            }]),
            ..Default::default()
        }),
    ));
    let inv = inventory(resources);
    let evaluator = cloudward_policy::Evaluator::new(&inv);
    let graph = build(&inv, &evaluator);
    let paths = search(
        &graph,
        Query {
            to: Some(Layer::Compute),
        },
    );
    assert_eq!(paths.paths.len(), 1);
    let p = &paths.paths[0];
    assert!(p.is_certain());
    let labels: Vec<&str> = p
        .nodes
        .iter()
        .map(|&n| graph.node(n).label.as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "Internet",
            "load balancer (ALB/NLB/GWLB) web-alb",
            "EC2 instance i-1"
        ]
    );
    assert_eq!(
        graph.edges[p.edges[1] as usize].why,
        "target group web forwards to i-1 port 8080"
    );
}

/// A role statement the evaluator cannot decide (a condition key the context does not carry)
/// gives an unverified can-read edge, never a certain one and never none.
#[test]
fn an_undecidable_condition_makes_the_data_edge_unverified() {
    let conditional = json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*",
                             "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}});
    let inv = web("required", conditional);
    let evaluator = cloudward_policy::Evaluator::new(&inv);
    let graph = build(&inv, &evaluator);
    let read = graph
        .edges
        .iter()
        .find(|e| e.kind == cloudward_graph::EdgeKind::CanRead)
        .expect("an edge to the bucket");
    match &read.certainty {
        cloudward_graph::Certainty::Unverified(reason) => {
            assert!(reason.contains("aws:SourceIp"), "{reason}")
        }
        other => panic!("expected unverified, got {other:?}"),
    }
}
