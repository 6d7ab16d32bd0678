//! EFS: `aws_efs_file_system`, joined with `aws_efs_backup_policy` and `aws_efs_mount_target`
//! by `file_system_id` (references resolve to the file system's address), and
//! `aws_efs_access_point`. Provider and API defaults: `encrypted` false; no backup policy is
//! automatic backups off, except for One Zone file systems (`availability_zone_name`), which
//! AWS creates with automatic backups on; an access point without `root_directory` exposes `/`
//! and without `posix_user` enforces no identity.

use std::collections::HashMap;

use cloudward_model::efs::{AccessPoint, FileSystem, MountTarget, PosixUser};
use cloudward_model::{Attributes, Resource, Value};

use super::{
    blocks, bool_or, doubt_of, field, get, known_str, locate, opt_int, opt_str, parent, reason,
    resource, Index, Parent,
};
use crate::terraform::module::Instance;
use crate::terraform::value::Val;

pub(crate) fn adapt(idx: &Index<'_>, out: &mut Vec<Resource>) {
    let mut systems: Vec<Resource> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for &i in idx.of("aws_efs_file_system") {
        let one_zone = get(i, "availability_zone_name").is_some();
        let fs = FileSystem {
            file_system_id: i.address.clone(),
            file_system_arn: format!("{}.arn", i.address),
            encrypted: bool_or(get(i, "encrypted"), false),
            kms_key_id: known_str(get(i, "kms_key_id")),
            backup_policy_status: Value::Known(one_zone.then(|| "ENABLED".to_string())),
            mount_targets: Value::Known(Vec::new()),
        };
        let name = known_str(get(i, "creation_token")).unwrap_or_else(|| i.address.clone());
        let mut r = resource(i, name, Attributes::EfsFileSystem(fs));
        if i.locs.contains_key("encrypted") {
            locate(&mut r, "encrypted", i, "encrypted");
        }
        by_id.insert(i.address.clone(), systems.len());
        systems.push(r);
    }

    // Backup policies.
    let mut doubt: Option<String> = None;
    let mut joined = vec![false; systems.len()];
    for &p in idx.of("aws_efs_backup_policy") {
        match parent(p, "file_system_id") {
            Parent::Known(id) => {
                if let Some(&n) = by_id.get(&id) {
                    let status = match doubt_of(p) {
                        Some(why) => Value::Unknown(why),
                        None => backup_status(p),
                    };
                    if let Some(fs) = file_system(&mut systems[n]) {
                        fs.backup_policy_status = status;
                    }
                    systems[n]
                        .attribute_locations
                        .insert("backup_policy_status".into(), p.location.clone());
                    joined[n] = true;
                }
            }
            Parent::Unknown(why) => doubt = doubt.or(Some(why)),
            Parent::Missing => {}
        }
    }
    if let Some(why) = doubt {
        for (n, r) in systems.iter_mut().enumerate() {
            if !joined[n] {
                if let Some(fs) = file_system(r) {
                    fs.backup_policy_status = Value::Unknown(why.clone());
                }
            }
        }
    }

    // Mount targets.
    let mut doubt: Option<String> = None;
    for &m in idx.of("aws_efs_mount_target") {
        match parent(m, "file_system_id") {
            Parent::Known(id) => {
                if let Some(&n) = by_id.get(&id) {
                    let target = MountTarget {
                        mount_target_id: m.address.clone(),
                        subnet_id: match doubt_of(m) {
                            Some(why) => Value::Unknown(why),
                            None => match get(m, "subnet_id").map(Val::to_string_val) {
                                Some(Ok(s)) => Value::Known(s),
                                Some(Err(e)) => Value::Unknown(reason(&e)),
                                None => Value::unknown(format!("{} sets no subnet_id", m.address)),
                            },
                        },
                    };
                    if let Some(fs) = file_system(&mut systems[n]) {
                        if let Value::Known(list) = &mut fs.mount_targets {
                            list.push(target);
                        }
                    }
                    systems[n]
                        .attribute_locations
                        .insert("mount_targets".into(), m.location.clone());
                }
            }
            Parent::Unknown(why) => doubt = doubt.or(Some(why)),
            Parent::Missing => {}
        }
    }
    if let Some(why) = doubt {
        // A mount target of unknown file system may be any one's.
        for r in &mut systems {
            if let Some(fs) = file_system(r) {
                fs.mount_targets = Value::Unknown(why.clone());
            }
        }
    }
    out.append(&mut systems);

    for &i in idx.of("aws_efs_access_point") {
        let file_system_id = known_str(get(i, "file_system_id")).unwrap_or_default();
        let ap = AccessPoint {
            access_point_id: i.address.clone(),
            access_point_arn: format!("{}.arn", i.address),
            file_system_id,
            root_directory_path: match blocks(get(i, "root_directory")) {
                Ok(list) => match list.first() {
                    // The provider's default path is `/`.
                    Some(b) => {
                        opt_str(field(b, "path")).map(|p| Some(p.unwrap_or_else(|| "/".into())))
                    }
                    None => Value::Known(None),
                },
                Err(e) => Value::Unknown(e),
            },
            posix_user: match blocks(get(i, "posix_user")) {
                Ok(list) => match list.first() {
                    Some(b) => match (opt_int(field(b, "uid")), opt_int(field(b, "gid"))) {
                        (Value::Known(uid), Value::Known(gid)) => Value::Known(Some(PosixUser {
                            uid: uid.unwrap_or_default(),
                            gid: gid.unwrap_or_default(),
                        })),
                        // Ids not known statically still enforce an identity.
                        _ => Value::Known(Some(PosixUser::default())),
                    },
                    None => Value::Known(None),
                },
                Err(e) => Value::Unknown(e),
            },
        };
        let mut r = resource(i, i.address.clone(), Attributes::EfsAccessPoint(ap));
        for (model, tf) in [
            ("root_directory_path", "root_directory[0]"),
            ("root_directory_path", "root_directory"),
            ("posix_user", "posix_user[0]"),
            ("posix_user", "posix_user"),
        ] {
            if i.locs.contains_key(tf) && !r.attribute_locations.contains_key(model) {
                locate(&mut r, model, i, tf);
            }
        }
        out.push(r);
    }
}

fn file_system(r: &mut Resource) -> Option<&mut FileSystem> {
    match &mut r.attributes {
        Attributes::EfsFileSystem(fs) => Some(fs),
        _ => None,
    }
}

/// `backup_policy { status }` of an `aws_efs_backup_policy`.
fn backup_status(p: &Instance) -> Value<Option<String>> {
    match blocks(get(p, "backup_policy")) {
        Ok(list) => match list.first() {
            Some(b) => opt_str(field(b, "status")),
            None => Value::unknown(format!("{} has no backup_policy block", p.address)),
        },
        Err(e) => Value::Unknown(e),
    }
}
