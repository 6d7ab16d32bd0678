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
