//! Elastic Load Balancing (v2 and Classic) and AWS WAF: an open Application Load Balancer
//! (HTTP only, no WAF, default attributes, an instance target reachable from the internet on
//! its port), a one-zone Network Load Balancer, a hardened ALB (HTTPS with a TLS 1.2 policy,
//! HTTP redirected, WAF web ACL, attributes on), an open and a hardened Classic Load Balancer,
//! and an empty and a complete web ACL. Collected with EC2, so that targets can be judged.

use aws_sdk_ec2::types::{IpPermission, IpRange, ResourceType};
use aws_sdk_elasticloadbalancingv2::types::{
    Action, ActionTypeEnum, LoadBalancerAttribute, LoadBalancerTypeEnum, ProtocolEnum,
    RedirectActionConfig, RedirectActionStatusCodeEnum, TargetDescription,
};
use aws_sdk_wafv2::types::{
    AllowAction, BlockAction, DefaultAction, ManagedRuleGroupStatement, NoneAction, OverrideAction,
    RateBasedStatement, RateBasedStatementAggregateKeyType, Rule, RuleAction, Scope, Statement,
    VisibilityConfig,
};
use cloudward_model::Status::{Fail, NotApplicable, Pass};

use super::Suite;
use crate::findings::{compare, Row};
use crate::provision::{must, tags};
use crate::server::{Moto, ACCOUNT_ID};

/// Every verdict of the load balancer and WAF rules on the provisioned resources. The hardened
/// Classic Load Balancer fails `elb-acm-certificate`: moto requires a listener's certificate
/// to exist, and without an ACM client the suite can only upload an IAM server certificate (the
/// Pass side is covered by the unit tests and the IaC examples).
const ROWS: &[Row] = &[
    (
        "elb-access-logs-enabled",
        "acme-classic-open@us-east-1",
        Fail,
    ),
    ("elb-access-logs-enabled", "acme-classic@us-east-1", Pass),
    (
        "elb-acm-certificate",
        "acme-classic-open@us-east-1",
        NotApplicable,
    ),
    ("elb-acm-certificate", "acme-classic@us-east-1", Fail),
    (
        "elb-connection-draining-enabled",
        "acme-classic-open@us-east-1",
        Fail,
    ),
    (
        "elb-connection-draining-enabled",
        "acme-classic@us-east-1",
        Pass,
    ),
    (
        "elb-cross-zone-enabled",
        "acme-classic-open@us-east-1",
        Fail,
    ),
    ("elb-cross-zone-enabled", "acme-classic@us-east-1", Pass),
    (
        "elb-desync-mitigation-defensive",
        "acme-classic-open@us-east-1",
        Fail,
    ),
    (
        "elb-desync-mitigation-defensive",
        "acme-classic@us-east-1",
        Pass,
    ),
    (
        "elb-instances-not-directly-internet-reachable",
        "acme-classic-open@us-east-1",
        Fail,
    ),
    (
        "elb-instances-not-directly-internet-reachable",
        "acme-classic@us-east-1",
        Pass,
    ),
    (
        "elb-listeners-encrypted",
        "acme-classic-open@us-east-1",
        Fail,
    ),
    ("elb-listeners-encrypted", "acme-classic@us-east-1", Pass),
    (
        "elb-multiple-availability-zones",
        "acme-classic-open@us-east-1",
        Fail,
    ),
    (
        "elb-multiple-availability-zones",
        "acme-classic@us-east-1",
        Pass,
    ),
    (
        "elb-ssl-policy-strong",
        "acme-classic-open@us-east-1",
        NotApplicable,
    ),
    ("elb-ssl-policy-strong", "acme-classic@us-east-1", Pass),
    ("elbv2-access-logs-enabled", "acme-alb-open@us-east-1", Fail),
    ("elbv2-access-logs-enabled", "acme-alb@us-east-1", Pass),
    (
        "elbv2-access-logs-enabled",
        "acme-nlb-open@us-east-1",
        NotApplicable,
    ),
    (
        "elbv2-alb-desync-mitigation-defensive",
        "acme-alb-open@us-east-1",
        Fail,
    ),
    (
        "elbv2-alb-desync-mitigation-defensive",
        "acme-alb@us-east-1",
        Pass,
    ),
    (
        "elbv2-alb-desync-mitigation-defensive",
        "acme-nlb-open@us-east-1",
        NotApplicable,
    ),
    (
        "elbv2-alb-drops-invalid-header-fields",
        "acme-alb-open@us-east-1",
        Fail,
    ),
    (
        "elbv2-alb-drops-invalid-header-fields",
        "acme-alb@us-east-1",
        Pass,
    ),
    (
        "elbv2-alb-drops-invalid-header-fields",
        "acme-nlb-open@us-east-1",
        NotApplicable,
    ),
    (
        "elbv2-alb-http-redirects-to-https",
        "acme-alb-open@us-east-1",
        Fail,
    ),
    (
        "elbv2-alb-http-redirects-to-https",
        "acme-alb@us-east-1",
        Pass,
    ),
    (
        "elbv2-alb-http-redirects-to-https",
        "acme-nlb-open@us-east-1",
        NotApplicable,
    ),
    (
        "elbv2-alb-waf-web-acl-attached",
        "acme-alb-open@us-east-1",
        Fail,
    ),
    ("elbv2-alb-waf-web-acl-attached", "acme-alb@us-east-1", Pass),
    (
        "elbv2-alb-waf-web-acl-attached",
        "acme-nlb-open@us-east-1",
        NotApplicable,
    ),
    (
        "elbv2-deletion-protection-enabled",
        "acme-alb-open@us-east-1",
        Fail,
    ),
    (
        "elbv2-deletion-protection-enabled",
        "acme-alb@us-east-1",
        Pass,
    ),
    (
        "elbv2-deletion-protection-enabled",
        "acme-nlb-open@us-east-1",
        Fail,
    ),
    ("elbv2-listeners-encrypted", "acme-alb-open@us-east-1", Fail),
    ("elbv2-listeners-encrypted", "acme-alb@us-east-1", Pass),
    ("elbv2-listeners-encrypted", "acme-nlb-open@us-east-1", Pass),
    (
        "elbv2-listeners-tls-policy-current",
        "acme-alb-open@us-east-1",
        NotApplicable,
    ),
    (
        "elbv2-listeners-tls-policy-current",
        "acme-alb@us-east-1",
        Pass,
    ),
    (
        "elbv2-listeners-tls-policy-current",
        "acme-nlb-open@us-east-1",
        NotApplicable,
    ),
    (
        "elbv2-multiple-availability-zones",
        "acme-alb-open@us-east-1",
        Pass,
    ),
    (
        "elbv2-multiple-availability-zones",
        "acme-alb@us-east-1",
        Pass,
    ),
    (
        "elbv2-multiple-availability-zones",
        "acme-nlb-open@us-east-1",
        Fail,
    ),
    (
        "elbv2-targets-not-directly-internet-reachable",
        "acme-alb-open@us-east-1",
        Fail,
    ),
    (
        "elbv2-targets-not-directly-internet-reachable",
        "acme-alb@us-east-1",
        Pass,
    ),
    (
        "elbv2-targets-not-directly-internet-reachable",
        "acme-nlb-open@us-east-1",
        Pass,
    ),
    (
        "wafv2-web-acl-aws-managed-baseline-rules",
        "acme-acl-open@us-east-1",
        Fail,
    ),
    (
        "wafv2-web-acl-aws-managed-baseline-rules",
        "acme-acl@us-east-1",
        Pass,
    ),
    ("wafv2-web-acl-has-rules", "acme-acl-open@us-east-1", Fail),
    ("wafv2-web-acl-has-rules", "acme-acl@us-east-1", Pass),
    (
        "wafv2-web-acl-logging-enabled",
        "acme-acl-open@us-east-1",
        Fail,
    ),
    ("wafv2-web-acl-logging-enabled", "acme-acl@us-east-1", Pass),
    (
        "wafv2-web-acl-metrics-enabled",
        "acme-acl-open@us-east-1",
        Fail,
    ),
    ("wafv2-web-acl-metrics-enabled", "acme-acl@us-east-1", Pass),
    (
        "wafv2-web-acl-rate-based-rule",
        "acme-acl-open@us-east-1",
        Fail,
    ),
    ("wafv2-web-acl-rate-based-rule", "acme-acl@us-east-1", Pass),
];

/// The load balancer and WAF suite.
pub const SUITE: Suite = Suite {
    rows: ROWS,
    not_exercisable: &[(
        "wafv2-web-acl-associated",
        "moto does not implement ListResourcesForWebACL (HTTP 500 with an HTML page)",
    )],
};

fn visibility(name: &str, on: bool) -> VisibilityConfig {
    VisibilityConfig::builder()
        .sampled_requests_enabled(true)
        .cloud_watch_metrics_enabled(on)
        .metric_name(name)
        .build()
        .unwrap()
}

fn managed(name: &str, priority: i32) -> Rule {
    Rule::builder()
        .name(name)
        .priority(priority)
        .statement(
            Statement::builder()
                .managed_rule_group_statement(
                    ManagedRuleGroupStatement::builder()
                        .vendor_name("AWS")
                        .name(name)
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .override_action(
            OverrideAction::builder()
                .none(NoneAction::builder().build())
                .build(),
        )
        .visibility_config(visibility(name, true))
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_balancers_and_web_acls_match_the_table() {
    let moto = Moto::start();
    let config = moto.sdk_config("us-east-1").await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let elbv2 = aws_sdk_elasticloadbalancingv2::Client::new(&config);
    let elb = aws_sdk_elasticloadbalancing::Client::new(&config);
    let waf = aws_sdk_wafv2::Client::new(&config);

    // A VPC whose two subnets route to an internet gateway.
    let vpc = must(
        ec2.create_vpc()
            .cidr_block("10.60.0.0/16")
            .tag_specifications(tags(ResourceType::Vpc, "acme-web"))
            .send()
            .await,
        "ec2:CreateVpc",
    );
    let vpc_id = vpc.vpc().and_then(|v| v.vpc_id()).unwrap().to_string();
    let mut subnets = Vec::new();
    for (cidr, zone, label) in [
        ("10.60.1.0/24", "us-east-1a", "acme-web-a"),
        ("10.60.2.0/24", "us-east-1b", "acme-web-b"),
    ] {
        let out = must(
            ec2.create_subnet()
                .vpc_id(&vpc_id)
                .cidr_block(cidr)
                .availability_zone(zone)
                .tag_specifications(tags(ResourceType::Subnet, label))
                .send()
                .await,
            "ec2:CreateSubnet",
        );
        subnets.push(
            out.subnet()
                .and_then(|s| s.subnet_id())
                .unwrap()
                .to_string(),
        );
    }
    let igw = must(
        ec2.create_internet_gateway().send().await,
        "ec2:CreateInternetGateway",
    );
    let igw_id = igw
        .internet_gateway()
        .and_then(|g| g.internet_gateway_id())
        .unwrap()
        .to_string();
    must(
        ec2.attach_internet_gateway()
            .vpc_id(&vpc_id)
            .internet_gateway_id(&igw_id)
            .send()
            .await,
        "ec2:AttachInternetGateway",
    );
    let rt = must(
        ec2.create_route_table().vpc_id(&vpc_id).send().await,
        "ec2:CreateRouteTable",
    );
    let rt_id = rt
        .route_table()
        .and_then(|t| t.route_table_id())
        .unwrap()
        .to_string();
    must(
        ec2.create_route()
            .route_table_id(&rt_id)
            .destination_cidr_block("0.0.0.0/0")
            .gateway_id(&igw_id)
            .send()
            .await,
        "ec2:CreateRoute",
    );
    for s in &subnets {
        must(
            ec2.associate_route_table()
                .route_table_id(&rt_id)
                .subnet_id(s)
                .send()
                .await,
            "ec2:AssociateRouteTable",
        );
    }
    must(
        ec2.modify_subnet_attribute()
            .subnet_id(&subnets[0])
            .map_public_ip_on_launch(
                aws_sdk_ec2::types::AttributeBooleanValue::builder()
                    .value(true)
                    .build(),
            )
            .send()
            .await,
        "ec2:ModifySubnetAttribute",
    );
    let group = |name: &'static str, open: Option<i32>| {
        let ec2 = ec2.clone();
        let vpc_id = vpc_id.clone();
        async move {
            let g = must(
                ec2.create_security_group()
                    .group_name(name)
                    .description(name)
                    .vpc_id(vpc_id)
                    .send()
                    .await,
                "ec2:CreateSecurityGroup",
            );
            let id = g.group_id().unwrap().to_string();
            if let Some(port) = open {
                must(
                    ec2.authorize_security_group_ingress()
                        .group_id(&id)
                        .ip_permissions(
                            IpPermission::builder()
                                .ip_protocol("tcp")
                                .from_port(port)
                                .to_port(port)
                                .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build())
                                .build(),
                        )
                        .send()
                        .await,
                    "ec2:AuthorizeSecurityGroupIngress",
                );
            }
            id
        }
    };
    let open_sg = group("acme-app-open", Some(8080)).await;
    let closed_sg = group("acme-app", None).await;
    let image = must(
        ec2.register_image()
            .name("acme-web-ami")
            .root_device_name("/dev/xvda")
            .send()
            .await,
        "ec2:RegisterImage",
    );
    let ami = image.image_id().unwrap().to_string();
    let instance = |label: &'static str, sg: String| {
        let ec2 = ec2.clone();
        let ami = ami.clone();
        let subnet = subnets[0].clone();
        async move {
            let out = must(
                ec2.run_instances()
                    .image_id(ami)
                    .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
                    .min_count(1)
                    .max_count(1)
                    .subnet_id(subnet)
                    .security_group_ids(sg)
                    .tag_specifications(tags(ResourceType::Instance, label))
                    .send()
                    .await,
                "ec2:RunInstances",
            );
            out.instances()[0].instance_id().unwrap().to_string()
        }
    };
    let open_instance = instance("acme-app-open", open_sg.clone()).await;
    let closed_instance = instance("acme-app", closed_sg.clone()).await;

    // moto checks that an HTTPS listener's certificate exists (in ACM or IAM).
    let iam = aws_sdk_iam::Client::new(&config);
    let uploaded = must(
        iam.upload_server_certificate()
            .server_certificate_name("acme-web")
            .certificate_body("-----BEGIN CERTIFICATE-----\nMIIBacme\n-----END CERTIFICATE-----\n")
            .private_key("-----BEGIN PRIVATE KEY-----\nMIIBacme\n-----END PRIVATE KEY-----\n")
            .send()
            .await,
        "iam:UploadServerCertificate",
    );
    let server_certificate = uploaded
        .server_certificate_metadata()
        .map(|m| m.arn().to_string())
        .unwrap();

    // Application and Network Load Balancers.
    let lb = |name: &'static str, kind: LoadBalancerTypeEnum, subnets: Vec<String>| {
        let elbv2 = elbv2.clone();
        async move {
            let out = must(
                elbv2
                    .create_load_balancer()
                    .name(name)
                    .r#type(kind)
                    // moto reports no scheme when none is given; AWS's default is this.
                    .scheme(aws_sdk_elasticloadbalancingv2::types::LoadBalancerSchemeEnum::InternetFacing)
                    .set_subnets(Some(subnets))
                    .tags(
                        aws_sdk_elasticloadbalancingv2::types::Tag::builder()
                            .key("owner")
                            .value(name)
                            .build(),
                    )
                    .send()
                    .await,
                "elbv2:CreateLoadBalancer",
            );
            out.load_balancers()[0]
                .load_balancer_arn()
                .unwrap()
                .to_string()
        }
    };
    let open_alb = lb(
        "acme-alb-open",
        LoadBalancerTypeEnum::Application,
        subnets.clone(),
    )
    .await;
    let alb = lb(
        "acme-alb",
        LoadBalancerTypeEnum::Application,
        subnets.clone(),
    )
    .await;
    let _nlb = lb(
        "acme-nlb-open",
        LoadBalancerTypeEnum::Network,
        vec![subnets[0].clone()],
    )
    .await;
    let target_group = |name: &'static str, instance: String| {
        let elbv2 = elbv2.clone();
        let vpc_id = vpc_id.clone();
        async move {
            let out = must(
                elbv2
                    .create_target_group()
                    .name(name)
                    .protocol(ProtocolEnum::Http)
                    .port(8080)
                    .vpc_id(vpc_id)
                    .send()
                    .await,
                "elbv2:CreateTargetGroup",
            );
            let arn = out.target_groups()[0]
                .target_group_arn()
                .unwrap()
                .to_string();
            must(
                elbv2
                    .register_targets()
                    .target_group_arn(&arn)
                    .targets(TargetDescription::builder().id(instance).build())
                    .send()
                    .await,
                "elbv2:RegisterTargets",
            );
            arn
        }
    };
    let open_tg = target_group("acme-tg-open", open_instance.clone()).await;
    let tg = target_group("acme-tg", closed_instance.clone()).await;
    let forward = |tg: &str| {
        Action::builder()
            .r#type(ActionTypeEnum::Forward)
            .target_group_arn(tg)
            .build()
    };
    must(
        elbv2
            .create_listener()
            .load_balancer_arn(&open_alb)
            .protocol(ProtocolEnum::Http)
            .port(80)
            .default_actions(forward(&open_tg))
            .send()
            .await,
        "elbv2:CreateListener (open http)",
    );
    must(
        elbv2
            .create_listener()
            .load_balancer_arn(&alb)
            .protocol(ProtocolEnum::Http)
            .port(80)
            .default_actions(
                Action::builder()
                    .r#type(ActionTypeEnum::Redirect)
                    .redirect_config(
                        RedirectActionConfig::builder()
                            .protocol("HTTPS")
                            .port("443")
                            .status_code(RedirectActionStatusCodeEnum::Http301)
                            .build(),
                    )
                    .build(),
            )
            .send()
            .await,
        "elbv2:CreateListener (redirect)",
    );
    must(
        elbv2
            .create_listener()
            .load_balancer_arn(&alb)
            .protocol(ProtocolEnum::Https)
            .port(443)
            .ssl_policy("ELBSecurityPolicy-TLS13-1-2-2021-06")
            .certificates(
                aws_sdk_elasticloadbalancingv2::types::Certificate::builder()
                    .certificate_arn(&server_certificate)
                    .build(),
            )
            .default_actions(forward(&tg))
            .send()
            .await,
        "elbv2:CreateListener (https)",
    );
    let attr = |k: &str, v: &str| LoadBalancerAttribute::builder().key(k).value(v).build();
    must(
        elbv2
            .modify_load_balancer_attributes()
            .load_balancer_arn(&alb)
            .attributes(attr("deletion_protection.enabled", "true"))
            .attributes(attr("access_logs.s3.enabled", "true"))
            .attributes(attr("access_logs.s3.bucket", "acme-lb-logs"))
            .attributes(attr(
                "routing.http.drop_invalid_header_fields.enabled",
                "true",
            ))
            .attributes(attr("routing.http.desync_mitigation_mode", "strictest"))
            .send()
            .await,
        "elbv2:ModifyLoadBalancerAttributes",
    );
    // moto reports only the attributes that were set (AWS reports all, with defaults).
    must(
        elbv2
            .modify_load_balancer_attributes()
            .load_balancer_arn(&open_alb)
            .attributes(attr("access_logs.s3.enabled", "false"))
            .attributes(attr(
                "routing.http.drop_invalid_header_fields.enabled",
                "false",
            ))
            .attributes(attr("routing.http.desync_mitigation_mode", "monitor"))
            .send()
            .await,
        "elbv2:ModifyLoadBalancerAttributes (open)",
    );

    // Web ACLs: one empty and unused, one complete and protecting the hardened ALB.
    must(
        waf.create_web_acl()
            .name("acme-acl-open")
            .scope(Scope::Regional)
            .default_action(
                DefaultAction::builder()
                    .allow(AllowAction::builder().build())
                    .build(),
            )
            .visibility_config(visibility("acme-acl-open", false))
            .send()
            .await,
        "wafv2:CreateWebACL (open)",
    );
    let rate = Rule::builder()
        .name("per-ip-rate")
        .priority(0)
        .statement(
            Statement::builder()
                .rate_based_statement(
                    RateBasedStatement::builder()
                        .limit(2000)
                        .aggregate_key_type(RateBasedStatementAggregateKeyType::Ip)
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .action(
            RuleAction::builder()
                .block(BlockAction::builder().build())
                .build(),
        )
        .visibility_config(visibility("per-ip-rate", true))
        .build()
        .unwrap();
    let acl = must(
        waf.create_web_acl()
            .name("acme-acl")
            .scope(Scope::Regional)
            .default_action(
                DefaultAction::builder()
                    .allow(AllowAction::builder().build())
                    .build(),
            )
            .rules(rate)
            .rules(managed("AWSManagedRulesCommonRuleSet", 1))
            .rules(managed("AWSManagedRulesKnownBadInputsRuleSet", 2))
            .rules(managed("AWSManagedRulesAmazonIpReputationList", 3))
            .visibility_config(visibility("acme-acl", true))
            .send()
            .await,
        "wafv2:CreateWebACL",
    );
    let acl_arn = acl.summary().and_then(|s| s.arn()).unwrap().to_string();
    must(
        waf.associate_web_acl()
            .web_acl_arn(&acl_arn)
            .resource_arn(&alb)
            .send()
            .await,
        "wafv2:AssociateWebACL",
    );
    must(
        waf.put_logging_configuration()
            .logging_configuration(
                aws_sdk_wafv2::types::LoggingConfiguration::builder()
                    .resource_arn(&acl_arn)
                    .log_destination_configs(format!(
                        "arn:aws:logs:us-east-1:{ACCOUNT_ID}:log-group:aws-waf-logs-acme"
                    ))
                    .build()
                    .unwrap(),
            )
            .send()
            .await,
        "wafv2:PutLoggingConfiguration",
    );

    // Classic Load Balancers.
    use aws_sdk_elasticloadbalancing::types as c;
    must(
        elb.create_load_balancer()
            .load_balancer_name("acme-classic-open")
            .listeners(
                c::Listener::builder()
                    .protocol("HTTP")
                    .load_balancer_port(80)
                    .instance_protocol("HTTP")
                    .instance_port(8080)
                    .build()
                    .unwrap(),
            )
            .subnets(&subnets[0])
            .send()
            .await,
        "elb:CreateLoadBalancer (open)",
    );
    must(
        elb.register_instances_with_load_balancer()
            .load_balancer_name("acme-classic-open")
            .instances(c::Instance::builder().instance_id(&open_instance).build())
            .send()
            .await,
        "elb:RegisterInstancesWithLoadBalancer",
    );
    must(
        elb.create_load_balancer()
            .load_balancer_name("acme-classic")
            .listeners(
                c::Listener::builder()
                    .protocol("HTTPS")
                    .load_balancer_port(443)
                    .instance_protocol("HTTP")
                    .instance_port(8080)
                    // An IAM server certificate: without an ACM client the suite cannot make an
                    // ACM one, which moto would require to exist.
                    .ssl_certificate_id(&server_certificate)
                    .build()
                    .unwrap(),
            )
            .set_subnets(Some(subnets.clone()))
            .send()
            .await,
        "elb:CreateLoadBalancer",
    );
    must(
        elb.register_instances_with_load_balancer()
            .load_balancer_name("acme-classic")
            .instances(c::Instance::builder().instance_id(&closed_instance).build())
            .send()
            .await,
        "elb:RegisterInstancesWithLoadBalancer",
    );
    must(
        elb.create_load_balancer_policy()
            .load_balancer_name("acme-classic")
            .policy_name("tls12")
            .policy_type_name("SSLNegotiationPolicyType")
            .policy_attributes(
                c::PolicyAttribute::builder()
                    .attribute_name("Reference-Security-Policy")
                    .attribute_value("ELBSecurityPolicy-TLS-1-2-2017-01")
                    .build(),
            )
            .send()
            .await,
        "elb:CreateLoadBalancerPolicy",
    );
    must(
        elb.set_load_balancer_policies_of_listener()
            .load_balancer_name("acme-classic")
            .load_balancer_port(443)
            .policy_names("tls12")
            .send()
            .await,
        "elb:SetLoadBalancerPoliciesOfListener",
    );
    must(
        elb.modify_load_balancer_attributes()
            .load_balancer_name("acme-classic")
            .load_balancer_attributes(
                c::LoadBalancerAttributes::builder()
                    .access_log(
                        c::AccessLog::builder()
                            .enabled(true)
                            .s3_bucket_name("acme-lb-logs")
                            .emit_interval(60)
                            .build(),
                    )
                    .connection_draining(
                        c::ConnectionDraining::builder()
                            .enabled(true)
                            .timeout(300)
                            .build(),
                    )
                    .cross_zone_load_balancing(
                        c::CrossZoneLoadBalancing::builder().enabled(true).build(),
                    )
                    .build(),
            )
            .send()
            .await,
        "elb:ModifyLoadBalancerAttributes",
    );
    must(
        elb.modify_load_balancer_attributes()
            .load_balancer_name("acme-classic-open")
            .load_balancer_attributes(
                c::LoadBalancerAttributes::builder()
                    .cross_zone_load_balancing(
                        c::CrossZoneLoadBalancing::builder().enabled(false).build(),
                    )
                    .additional_attributes(
                        c::AdditionalAttribute::builder()
                            .key("elb.http.desyncmitigationmode")
                            .value("monitor")
                            .build(),
                    )
                    .build(),
            )
            .send()
            .await,
        "elb:ModifyLoadBalancerAttributes (open)",
    );

    let inventory = crate::support::collect_services(
        &moto,
        &["us-east-1"],
        &[
            "ec2",
            "elasticloadbalancingv2",
            "elasticloadbalancing",
            "wafv2",
        ],
    )
    .await;
    let ours: Vec<_> = inventory
        .errors
        .iter()
        .filter(|e| e.service != "ec2" && e.api != "ListResourcesForWebACL")
        .collect();
    assert!(ours.is_empty(), "{ours:#?}");
    // Tags come from DescribeTags, 20 load balancers a call.
    let v2: Vec<_> = inventory
        .resources
        .iter()
        .filter(|r| r.kind() == cloudward_model::ResourceKind::ElbLoadBalancer)
        .collect();
    assert!(!v2.is_empty());
    for r in v2 {
        assert_eq!(r.tags_unknown, None, "{}", r.name);
        assert_eq!(r.tags.get("owner"), Some(&r.name), "{}", r.name);
    }
    let problems = compare(&inventory, SUITE.rows, SUITE.not_exercisable, false);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
