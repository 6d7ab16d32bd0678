//! `AWS::EFS::FileSystem` with `AWS::EFS::MountTarget` joined into it, and
//! `AWS::EFS::AccessPoint`. Defaults: `Encrypted` false; no `BackupPolicy` is automatic
//! backups off, except for One Zone file systems (`AvailabilityZoneName`), which AWS creates
//! with automatic backups on; an access point without `RootDirectory` exposes `/` and without
//! `PosixUser` enforces no identity.

use std::collections::BTreeMap;

use cloudward_model::efs::{AccessPoint, FileSystem, MountTarget, PosixUser};
use cloudward_model::{Attributes, Value};

use super::dynamodb::flag;
use super::eval::Val;
use super::{known, locations, Template};

pub(crate) fn adapt(t: &mut Template<'_>) {
    let of = |t: &Template<'_>, ty: &str| -> Vec<usize> {
        (0..t.decls.len())
            .filter(|&i| t.decls[i].resource_type == ty)
            .collect()
    };
    for i in of(t, "AWS::EFS::FileSystem") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let backup_policy_status = match p.get("BackupPolicy") {
            None => Value::Known(
                p.get("AvailabilityZoneName")
                    .is_some()
                    .then(|| "ENABLED".to_string()),
            ),
            Some(b) => match b.get("Status").map(Val::string) {
                Some(Ok(s)) => Value::Known(Some(s)),
                Some(Err(r)) => Value::unknown(format!("BackupPolicy.Status: {r}")),
                None => Value::unknown("BackupPolicy.Status is required but missing"),
            },
        };
        let fs = FileSystem {
            file_system_id: decl.logical_id.clone(),
            file_system_arn: String::new(),
            encrypted: flag(p, "Encrypted", false),
            kms_key_id: p.get("KmsKeyId").and_then(|k| k.id().ok()),
            backup_policy_status,
            mount_targets: Value::Known(Vec::new()),
        };
        let locs = locations(
            t,
            [
                ("encrypted", p.key_pos("Encrypted")),
                ("backup_policy_status", p.key_pos("BackupPolicy")),
            ]
            .map(|(k, v)| (k.to_string(), v)),
        );
        let name = decl.logical_id.clone();
        t.push(i, name, Attributes::EfsFileSystem(fs), locs);
    }
    for i in of(t, "AWS::EFS::MountTarget") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let target = p.get("FileSystemId").and_then(|v| t.target(v));
        let subnet = match p.get("SubnetId") {
            None => Value::unknown("SubnetId is required but missing"),
            Some(v) => known(v.id().map_err(|r| format!("SubnetId: {r}"))),
        };
        let mount = MountTarget {
            mount_target_id: decl.logical_id.clone(),
            subnet_id: match &decl.existence_unknown {
                Some(why) => Value::unknown(format!(
                    "mount target {} may not exist ({why})",
                    decl.logical_id
                )),
                None => subnet,
            },
        };
        let location = t.location(decl.pos);
        match target.and_then(|id| t.resource_mut(&id)) {
            Some(r) => {
                r.attribute_locations
                    .insert("mount_targets".into(), location);
                if let Attributes::EfsFileSystem(fs) = &mut r.attributes {
                    if let Value::Known(list) = &mut fs.mount_targets {
                        list.push(mount);
                    }
                }
            }
            None => t.unjoined(i, "a file system"),
        }
    }
    for i in of(t, "AWS::EFS::AccessPoint") {
        let decl = &t.decls[i];
        let p = &decl.props;
        let ap = AccessPoint {
            access_point_id: decl.logical_id.clone(),
            access_point_arn: String::new(),
            file_system_id: p
                .get("FileSystemId")
                .and_then(|v| v.id().ok())
                .unwrap_or_default(),
            root_directory_path: match p.get("RootDirectory") {
                None => Value::Known(None),
                Some(r) => match r.get("Path").map(Val::string) {
                    None => Value::Known(Some("/".to_string())),
                    Some(Ok(path)) => Value::Known(Some(path)),
                    Some(Err(e)) => Value::unknown(format!("RootDirectory.Path: {e}")),
                },
            },
            posix_user: match p.get("PosixUser") {
                None => Value::Known(None),
                Some(u) => {
                    let id = |k: &str| u.get(k).and_then(|v| v.integer().ok()).unwrap_or_default();
                    Value::Known(Some(PosixUser {
                        uid: id("Uid"),
                        gid: id("Gid"),
                    }))
                }
            },
        };
        let locs: BTreeMap<_, _> = locations(
            t,
            [
                ("root_directory_path", p.key_pos("RootDirectory")),
                ("posix_user", p.key_pos("PosixUser")),
            ]
            .map(|(k, v)| (k.to_string(), v)),
        );
        let name = decl.logical_id.clone();
        t.push(i, name, Attributes::EfsAccessPoint(ap), locs);
    }
}
