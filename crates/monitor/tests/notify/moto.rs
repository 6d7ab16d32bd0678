//! The moto harness of the aws crate (`cloudward_aws::moto`): one `moto_server` per test.

pub use cloudward_aws::moto::init_env;
pub use cloudward_aws::moto::Moto;
