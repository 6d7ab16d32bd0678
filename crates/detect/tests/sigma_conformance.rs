//! Sigma conformance: one test per modifier, per condition form and per semantic point of
//! shared/reference/detection.md, each with a matching and a non-matching case.

use crate::common::{ct, ct_rule, engine, matches, rejected};

const EV: &str = r#"{
  "eventVersion": "1.08",
  "eventID": "e-1",
  "eventTime": "2024-05-01T10:00:00Z",
  "eventSource": "ec2.amazonaws.com",
  "eventName": "AuthorizeSecurityGroupIngress",
  "awsRegion": "eu-west-1",
  "sourceIPAddress": "203.0.113.7",
  "userAgent": "aws-cli/2.15.0 Python/3.11 distrib#kali.2024",
  "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/alice", "accessKeyId": "AKIAEXAMPLE", "userName": "alice"},
  "additionalEventData": {"MFAUsed": "No"},
  "errorCode": null,
  "readOnly": false,
  "managementEvent": true,
  "requestParameters": {
    "groupId": "sg-1",
    "enable": false,
    "port": 8443,
    "ipPermissions": {"items": [
      {"fromPort": 22, "toPort": 22, "ipRanges": {"items": [{"cidrIp": "10.0.0.0/8"}, {"cidrIp": "0.0.0.0/0"}]}},
      {"fromPort": 443, "toPort": 443, "ipv6Ranges": {"items": [{"cidrIpv6": "::/0"}]}}
    ]},
    "tags": ["Prod", "pci"],
    "policy": {"Effect": "Allow", "Principal": "*"}
  },
  "resources": [{"ARN": "arn:aws:ec2:eu-west-1:111122223333:security-group/sg-1"}],
  "literal.dotted": {"key": "dotted-value"},
  "a.b": "flat-dotted",
  "encoded": "ZXhlYyAvYmluL2Jhc2ggLWk=",
  "cmd": "net user /add evil",
  "other": "alice"
}"#;

fn m(det: &str) -> bool {
    matches(det, EV)
}

// ---- semantics ----

#[test]
fn equality_is_case_insensitive() {
    assert!(m(
        "  sel:\n    additionalEventData.MFAUsed: 'NO'\n  condition: sel"
    ));
    assert!(m(
        "  sel:\n    eventName: authorizesecuritygroupingress\n  condition: sel"
    ));
    assert!(!m(
        "  sel:\n    eventName: AuthorizeSecurityGroupEgress\n  condition: sel"
    ));
}

#[test]
fn cased_modifier_keeps_case() {
    assert!(!m(
        "  sel:\n    additionalEventData.MFAUsed|cased: 'NO'\n  condition: sel"
    ));
    assert!(m(
        "  sel:\n    additionalEventData.MFAUsed|cased: 'No'\n  condition: sel"
    ));
}

#[test]
fn null_means_absent_or_null() {
    assert!(m("  sel:\n    errorCode: null\n  condition: sel"));
    assert!(m("  sel:\n    errorMessage: null\n  condition: sel"));
    assert!(!m("  sel:\n    eventName: null\n  condition: sel"));
}

#[test]
fn booleans_and_numbers_match_as_text() {
    assert!(m(
        "  sel:\n    requestParameters.enable: 'false'\n  condition: sel"
    ));
    assert!(m(
        "  sel:\n    requestParameters.enable: false\n  condition: sel"
    ));
    assert!(m("  sel:\n    readOnly: false\n  condition: sel"));
    assert!(m(
        "  sel:\n    requestParameters.port: 8443\n  condition: sel"
    ));
    assert!(m(
        "  sel:\n    requestParameters.port: '8443'\n  condition: sel"
    ));
    assert!(!m(
        "  sel:\n    requestParameters.enable: 'true'\n  condition: sel"
    ));
}

#[test]
fn objects_match_as_compact_json_text() {
    assert!(m(
        "  sel:\n    requestParameters.policy|contains: '\"Principal\":\"*\"'\n  condition: sel"
    ));
    assert!(m(
        "  sel:\n    requestParameters|contains|all:\n      - '\"groupId\":\"sg-1\"'\n      - '\"enable\":false'\n  condition: sel"
    ));
    assert!(!m(
        "  sel:\n    requestParameters|contains: '\"enable\":true'\n  condition: sel"
    ));
}

#[test]
fn contains_star_on_absent_or_null_is_false() {
    assert!(!m("  sel:\n    errorCode|contains: '*'\n  condition: sel"));
    assert!(!m("  sel:\n    errorCode: '*'\n  condition: sel"));
    assert!(!m("  sel:\n    noSuchField: '*'\n  condition: sel"));
    assert!(m("  sel:\n    eventName: '*'\n  condition: sel"));
    // so a filter on '*' does not invert for null fields
    assert!(m("  sel:\n    eventName: '*'\n  filter:\n    errorCode: '*'\n  condition: sel and not filter"));
}

#[test]
fn arrays_fan_out_at_any_level() {
    assert!(m(
        "  sel:\n    requestParameters.ipPermissions.items.ipRanges.items.cidrIp: 0.0.0.0/0\n  condition: sel"
    ));
    assert!(m(
        "  sel:\n    requestParameters.ipPermissions.items.ipv6Ranges.items.cidrIpv6: '::/0'\n  condition: sel"
    ));
    assert!(m(
        "  sel:\n    requestParameters.tags: PROD\n  condition: sel"
    ));
    assert!(m(
        "  sel:\n    resources.ARN|endswith: sg-1\n  condition: sel"
    ));
    assert!(!m(
        "  sel:\n    requestParameters.ipPermissions.items.ipRanges.items.cidrIp: 1.2.3.4/32\n  condition: sel"
    ));
}

#[test]
fn dotted_literal_keys() {
    assert!(m("  sel:\n    a.b: flat-dotted\n  condition: sel"));
    assert!(m(
        "  sel:\n    literal.dotted.key: dotted-value\n  condition: sel"
    ));
    assert!(!m(
        "  sel:\n    literal.key: dotted-value\n  condition: sel"
    ));
}

#[test]
fn wildcards_and_escapes() {
    assert!(m(
        "  sel:\n    eventName: Authorize*Ingress\n  condition: sel"
    ));
    assert!(m(
        "  sel:\n    eventName: Authorize?ecurityGroupIngress\n  condition: sel"
    ));
    assert!(!m(
        "  sel:\n    eventName: Authorize?Ingress\n  condition: sel"
    ));
    assert!(!m(
        "  sel:\n    eventName: 'Authorize\\*'\n  condition: sel"
    ));
    assert!(matches(
        "  sel:\n    x: 'a\\*b'\n  condition: sel",
        r#"{"x": "A*B"}"#
    ));
    assert!(!matches(
        "  sel:\n    x: 'a\\*b'\n  condition: sel",
        r#"{"x": "axxb"}"#
    ));
    assert!(matches(
        "  sel:\n    x: 'c:\\windows'\n  condition: sel",
        r#"{"x": "C:\\Windows"}"#
    ));
}

// ---- modifiers ----

#[test]
fn modifier_contains() {
    assert!(m("  sel:\n    userAgent|contains: KALI\n  condition: sel"));
    assert!(!m(
        "  sel:\n    userAgent|contains: parrot\n  condition: sel"
    ));
}

#[test]
fn modifier_startswith_endswith() {
    assert!(m(
        "  sel:\n    userAgent|startswith: AWS-CLI\n  condition: sel"
    ));
    assert!(!m(
        "  sel:\n    userAgent|startswith: python\n  condition: sel"
    ));
    assert!(m(
        "  sel:\n    userAgent|endswith: '.2024'\n  condition: sel"
    ));
    assert!(!m("  sel:\n    userAgent|endswith: aws\n  condition: sel"));
}

#[test]
fn modifier_all() {
    assert!(m(
        "  sel:\n    userAgent|contains|all:\n      - aws-cli\n      - kali\n  condition: sel"
    ));
    assert!(!m(
        "  sel:\n    userAgent|contains|all:\n      - aws-cli\n      - parrot\n  condition: sel"
    ));
}

#[test]
fn modifier_re_is_case_sensitive_unanchored() {
    assert!(m(
        "  sel:\n    userAgent|re: 'distrib#kali\\.\\d+'\n  condition: sel"
    ));
    assert!(!m(
        "  sel:\n    userAgent|re: 'DISTRIB#KALI'\n  condition: sel"
    ));
    assert!(m(
        "  sel:\n    userAgent|re|i: 'DISTRIB#KALI'\n  condition: sel"
    ));
    assert!(!m("  sel:\n    userAgent|re: '^kali'\n  condition: sel"));
    assert!(matches(
        "  sel:\n    x|re|m: '^b$'\n  condition: sel",
        r#"{"x": "a\nb"}"#
    ));
    assert!(!matches(
        "  sel:\n    x|re: '^b$'\n  condition: sel",
        r#"{"x": "a\nb"}"#
    ));
    assert!(matches(
        "  sel:\n    x|re|s: 'a.b'\n  condition: sel",
        r#"{"x": "a\nb"}"#
    ));
}

#[test]
fn modifier_cidr_ipv4_and_ipv6() {
    assert!(m(
        "  sel:\n    sourceIPAddress|cidr: 203.0.113.0/24\n  condition: sel"
    ));
    assert!(!m(
        "  sel:\n    sourceIPAddress|cidr: 10.0.0.0/8\n  condition: sel"
    ));
    assert!(matches(
        "  sel:\n    ip|cidr: '2001:db8::/32'\n  condition: sel",
        r#"{"ip": "2001:db8::1"}"#
    ));
    assert!(!matches(
        "  sel:\n    ip|cidr: '2001:db8::/32'\n  condition: sel",
        r#"{"ip": "2001:db9::1"}"#
    ));
    // A non-IP value (AWS service names appear in sourceIPAddress) does not match.
    assert!(!matches(
        "  sel:\n    ip|cidr: 0.0.0.0/0\n  condition: sel",
        r#"{"ip": "ec2.amazonaws.com"}"#
    ));
}

#[test]
fn modifier_base64() {
    assert!(m(
        "  sel:\n    encoded|base64: exec /bin/bash -i\n  condition: sel"
    ));
    assert!(!m(
        "  sel:\n    encoded|base64: exec /bin/sh -i\n  condition: sel"
    ));
}

#[test]
fn modifier_base64offset() {
    // "/bin/bash" inside "exec /bin/bash -i" starts at offset 5 (5 % 3 = 2).
    assert!(m(
        "  sel:\n    encoded|base64offset|contains: /bin/bash\n  condition: sel"
    ));
    assert!(!m(
        "  sel:\n    encoded|base64offset|contains: /usr/bin/zsh\n  condition: sel"
    ));
}

#[test]
fn modifier_exists() {
    assert!(m(
        "  sel:\n    userIdentity.accessKeyId|exists: true\n  condition: sel"
    ));
    assert!(!m(
        "  sel:\n    userIdentity.sessionContext|exists: true\n  condition: sel"
    ));
    assert!(m(
        "  sel:\n    userIdentity.sessionContext|exists: false\n  condition: sel"
    ));
    assert!(m("  sel:\n    errorCode|exists: false\n  condition: sel"));
}

#[test]
fn modifier_fieldref() {
    assert!(m(
        "  sel:\n    userIdentity.userName|fieldref: other\n  condition: sel"
    ));
    assert!(!m(
        "  sel:\n    userIdentity.userName|fieldref: eventName\n  condition: sel"
    ));
    assert!(m(
        "  sel:\n    userIdentity.arn|fieldref|endswith: other\n  condition: sel"
    ));
}

#[test]
fn modifiers_numeric() {
    assert!(m(
        "  sel:\n    requestParameters.port|gt: 8000\n  condition: sel"
    ));
    assert!(!m(
        "  sel:\n    requestParameters.port|lt: 8000\n  condition: sel"
    ));
    assert!(m(
        "  sel:\n    requestParameters.port|gte: 8443\n  condition: sel"
    ));
    assert!(m(
        "  sel:\n    requestParameters.port|lte: 8443\n  condition: sel"
    ));
    assert!(!m(
        "  sel:\n    requestParameters.port|gt: 8443\n  condition: sel"
    ));
    assert!(m(
        "  sel:\n    requestParameters.ipPermissions.items.fromPort|lte: 22\n  condition: sel"
    ));
}

#[test]
fn modifier_windash() {
    assert!(m(
        "  sel:\n    cmd|windash|contains: ' -add'\n  condition: sel"
    ));
    assert!(!m(
        "  sel:\n    cmd|windash|contains: ' -delete'\n  condition: sel"
    ));
}

// ---- conditions ----

const SELS: &str = "  sel_a:\n    eventName: AuthorizeSecurityGroupIngress\n  sel_b:\n    awsRegion: us-east-1\n  filter:\n    userIdentity.type: Root\n";

fn c(cond: &str) -> bool {
    m(&format!("{SELS}  condition: {cond}"))
}

#[test]
fn condition_and_or_not() {
    assert!(c("sel_a"));
    assert!(!c("sel_a and sel_b"));
    assert!(c("sel_a or sel_b"));
    assert!(c("sel_a and not filter"));
    assert!(!c("not sel_a"));
}

#[test]
fn condition_parentheses_and_precedence() {
    assert!(!c("(sel_a or sel_b) and filter"));
    assert!(c("sel_a or (sel_b and filter)"));
    // `and` binds tighter than `or`
    assert!(c("sel_a or sel_b and filter"));
    assert!(!c("not (sel_a or sel_b)"));
}

#[test]
fn condition_one_of_all_of() {
    assert!(c("1 of sel_*"));
    assert!(!c("all of sel_*"));
    assert!(c("any of sel_*"));
    assert!(c("1 of them"));
    assert!(!c("all of them"));
    assert!(c("1 of sel_* and not filter"));
}

#[test]
fn condition_list_is_or() {
    assert!(m(&format!("{SELS}  condition:\n    - sel_b\n    - sel_a")));
}

#[test]
fn list_of_maps_is_or_and_list_values_are_or() {
    assert!(m(
        "  sel:\n    - eventName: Nope\n    - awsRegion: EU-WEST-1\n  condition: sel"
    ));
    assert!(m("  sel:\n    eventName:\n      - Nope\n      - AuthorizeSecurityGroupIngress\n  condition: sel"));
    assert!(!m(
        "  sel:\n    - eventName: Nope\n    - awsRegion: us-east-1\n  condition: sel"
    ));
}

#[test]
fn keywords_search_the_raw_record() {
    assert!(m("  keywords:\n    - distrib#kali\n  condition: keywords"));
    assert!(!m("  keywords:\n    - not-in-there\n  condition: keywords"));
}

// ---- rejections ----

fn rejects(det: &str, want: &str) {
    let r = rejected(&ct_rule(det));
    assert!(
        r.iter().any(|x| x.contains(want)),
        "expected a rejection containing {want:?}, got {r:?}"
    );
}

#[test]
fn rejects_aggregations() {
    rejects(
        "  sel:\n    eventName: X\n  condition: sel | count() > 5",
        "aggregation",
    );
}

#[test]
fn rejects_timeframe() {
    rejects(
        "  sel:\n    eventName: X\n  timeframe: 5m\n  condition: sel",
        "timeframe",
    );
}

#[test]
fn rejects_unknown_modifier() {
    rejects(
        "  sel:\n    eventName|contain: X\n  condition: sel",
        "unknown modifier",
    );
}

#[test]
fn rejects_null_in_list() {
    rejects(
        "  sel:\n    errorCode:\n      - X\n      - null\n  condition: sel",
        "null",
    );
}

#[test]
fn rejects_single_value_all() {
    rejects(
        "  sel:\n    eventName|contains|all: X\n  condition: sel",
        "single value",
    );
}

#[test]
fn rejects_expand_with_regex_or_numbers() {
    // Placeholders expand into literal values (see tests/placeholders.rs); a regex or a number
    // built from an organisation's list is not something a rule can rely on.
    rejects(
        "  sel:\n    eventName|re|expand: '%names%'\n  condition: sel",
        "`expand` combines only with",
    );
}

#[test]
fn rejects_unknown_selection_and_bad_regex_and_bad_cidr() {
    rejects(
        "  sel:\n    eventName: X\n  condition: nope",
        "not a selection",
    );
    rejects(
        "  sel:\n    eventName|re: '('\n  condition: sel",
        "regular expression",
    );
    rejects("  sel:\n    ip|cidr: 300.0.0.0/8\n  condition: sel", "CIDR");
    rejects("  sel:\n    port|gt: abc\n  condition: sel", "number");
    rejects(
        "  sel:\n    x|contains|startswith: a\n  condition: sel",
        "conflicting",
    );
}

#[test]
fn rejects_foreign_logsource_and_keeps_going() {
    let yaml = format!(
        "{}---\ntitle: win\nid: w\nlogsource:\n  product: windows\ndetection:\n  sel:\n    x: 1\n  condition: sel\n",
        ct_rule("  sel:\n    eventName: X\n  condition: sel")
    );
    let e = cloudward_detect::Engine::builder()
        .builtin(false)
        .rule_text("multi.yml", yaml)
        .build()
        .unwrap();
    assert_eq!(e.loaded().len(), 1);
    assert_eq!(e.rejected().len(), 1);
    let r = &e.rejected()[0];
    assert_eq!(r.document, 2);
    assert_eq!(r.origin, "multi.yml");
    assert_eq!(r.title.as_deref(), Some("win"));
    assert!(r.reason.contains("windows"), "{}", r.reason);
}

#[test]
fn metadata_is_carried_into_matches() {
    let yaml = "title: Meta\nid: 11111111-2222-3333-4444-555555555555\nstatus: test\ndescription: d\nauthor: someone\nlicense: DRL-1.1\nreferences:\n  - https://example.com\ntags:\n  - attack.t1078\nfalsepositives:\n  - none\nlevel: critical\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  sel:\n    eventName: AuthorizeSecurityGroupIngress\n  condition: sel\n";
    let e = engine(yaml);
    let got = e.process(&ct(EV));
    assert_eq!(got.len(), 1);
    let mm = &got[0];
    assert_eq!(mm.rule.title, "Meta");
    assert_eq!(mm.rule.author.as_deref(), Some("someone"));
    assert_eq!(mm.rule.license.as_deref(), Some("DRL-1.1"));
    assert_eq!(mm.rule.tags, ["attack.t1078"]);
    assert_eq!(mm.rule.level, cloudward_model::Severity::Critical);
    assert_eq!(mm.event_id, "e-1");
    assert_eq!(
        mm.actor.as_deref(),
        Some("arn:aws:iam::111122223333:user/alice")
    );
    assert_eq!(mm.access_key_id.as_deref(), Some("AKIAEXAMPLE"));
    assert_eq!(mm.source_ip.as_deref(), Some("203.0.113.7"));
    assert_eq!(mm.region.as_deref(), Some("eu-west-1"));
    assert_eq!(
        mm.event_name.as_deref(),
        Some("AuthorizeSecurityGroupIngress")
    );
    assert_eq!(mm.time.unwrap().to_rfc3339(), "2024-05-01T10:00:00+00:00");
}

#[test]
fn user_rule_overrides_builtin_with_same_id() {
    let builtin = cloudward_detect::Engine::builder().build().unwrap();
    let root = builtin
        .loaded()
        .iter()
        .find(|r| r.title == "AWS Root Account Usage")
        .unwrap()
        .clone();
    let yaml = format!(
        "title: My root rule\nid: {}\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  sel:\n    userIdentity.type: Root\n  condition: sel\n",
        root.id
    );
    let e = cloudward_detect::Engine::builder()
        .rule_text("mine.yml", yaml)
        .build()
        .unwrap();
    assert!(e.rejected().is_empty(), "{:?}", e.rejected());
    let same: Vec<_> = e.loaded().iter().filter(|r| r.id == root.id).collect();
    assert_eq!(same.len(), 1);
    assert_eq!(same[0].title, "My root rule");
    assert_eq!(e.loaded().len(), builtin.loaded().len());
}

#[test]
fn rules_load_from_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(
        dir.path().join("sub/a.yml"),
        ct_rule("  sel:\n    eventName: X\n  condition: sel"),
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
    std::fs::write(dir.path().join("bad.yaml"), "title: [unclosed").unwrap();
    let e = cloudward_detect::Engine::builder()
        .builtin(false)
        .rules_dir(dir.path())
        .build()
        .unwrap();
    assert_eq!(e.loaded().len(), 1);
    assert_eq!(e.rejected().len(), 1);
    assert!(e.rejected()[0].origin.ends_with("bad.yaml"));
    assert!(e.rejected()[0].reason.starts_with("YAML"));
}

#[test]
fn routing_by_event_name_and_source_does_not_change_results() {
    // Indexed by eventName, by eventSource, and not indexable: all must still match exactly
    // as the unindexed evaluation would (case-insensitively for the index key too).
    let yaml = "title: by name\nid: r1\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel:\n    eventName: [authorizesecuritygroupingress, Other]\n  condition: sel\n---\ntitle: by source\nid: r2\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel:\n    eventSource: EC2.amazonaws.com\n  condition: sel\n---\ntitle: not indexable\nid: r3\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel:\n    eventName: Authorize*\n  condition: sel or not sel\n---\ntitle: by prefix\nid: r4\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel:\n    eventName|startswith: [authorize, Delete]\n  condition: sel\n---\ntitle: other prefix\nid: r5\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel:\n    eventName|startswith: Revoke\n  condition: sel\n";
    let e = engine(yaml);
    assert_eq!(e.unindexed_rules(cloudward_detect::LogKind::CloudTrail), 1);
    let titles: Vec<String> = e
        .process(&ct(EV))
        .iter()
        .map(|m| m.rule.title.clone())
        .collect();
    assert_eq!(
        titles,
        ["by name", "by prefix", "by source", "not indexable"]
    );
    let other = ct(r#"{"eventName":"Nope","eventSource":"s3.amazonaws.com"}"#);
    let titles: Vec<String> = e
        .process(&other)
        .iter()
        .map(|m| m.rule.title.clone())
        .collect();
    assert_eq!(titles, ["not indexable"]);
}

#[test]
fn builtin_rules_are_mostly_indexed() {
    let e = cloudward_detect::Engine::builder().build().unwrap();
    // Unauthorized API call, root usage, the offensive user agent rule and instance
    // credentials used from outside need every event (the base rule of mass deletion is
    // routed by its eventName prefixes Delete/Terminate/Deregister).
    assert_eq!(e.unindexed_rules(cloudward_detect::LogKind::CloudTrail), 4);
}
