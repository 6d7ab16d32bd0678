//! The path catalogue: one table of the publicly documented IAM privilege-escalation methods.
//!
//! Sources: Rhino Security Labs' 21 methods ("AWS IAM Privilege Escalation – Methods and
//! Mitigation", and Pacu's `iam__privesc_scan`), Bishop Fox `iam-vulnerable`'s 31 paths, and
//! the edges of NCC Group's PMapper and Datadog's pathfinding.cloud (`sources` names which
//! list each method is on; ids here are our own). Not covered: iam-vulnerable's
//! CloudFormation-UpdateStack, Glue-UpdateExistingGlueDevEndpoint and
//! SageMakerCreatePresignedNotebookURL on existing resources, which the model does not
//! collect (stacks' roles, Glue endpoints, notebook instances). Each entry names the actions that
//! must all be allowed, on what (see [`On`] and [`Pivot`]), what succeeding gives
//! ([`Gain`]), and the fix. [`PATHS`] is in documentation order; ids are stable.

/// One escalation method.
#[derive(Debug)]
pub struct Path {
    /// Stable id, kebab case (`iam-create-policy-version`).
    pub id: &'static str,
    /// One line: what the principal does.
    pub title: &'static str,
    /// Which principals it applies to.
    pub principals: Principals,
    /// The existing resource the steps act on, when there is one.
    pub pivot: Pivot,
    /// Actions that must all be allowed, in the order an attacker takes them.
    pub steps: &'static [Step],
    /// What success gives.
    pub gain: Gain,
    /// How to close it: the policy change, with console / CLI / Terraform hints.
    pub fix: &'static str,
    /// Where it is documented (catalogue names and numbers).
    pub sources: &'static str,
}

/// Users, roles or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Principals {
    /// IAM users only (the path changes the user itself or its groups).
    Users,
    /// IAM roles only.
    Roles,
    /// Users and roles.
    Both,
}

/// One action of a path and the resource it is asked on.
#[derive(Debug)]
pub struct Step {
    /// `service:Action`.
    pub action: &'static str,
    /// The resource of the request.
    pub on: On,
}

/// The resource a step's request names.
#[derive(Clone, Copy, Debug)]
pub enum On {
    /// The principal itself (its user or role ARN).
    Own,
    /// The path's pivot (a group, policy, user, role, function or instance).
    Pivot,
    /// The pivot role once an earlier step has rewritten its trust policy to trust the
    /// principal: decided over a hypothetical inventory holding that trust policy.
    PivotTrustingMe,
    /// A resource the principal creates: an ARN pattern with `{account}` for the account id
    /// and `*` for the name it chooses (`arn:aws:lambda:*:{account}:function:*`). A grant
    /// scoped to one named resource does not match it (a known gap: see the crate docs).
    New(&'static str),
}

/// What the steps act on, besides the principal and what it creates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pivot {
    /// Nothing else.
    None,
    /// Each group the user is in.
    OwnGroup,
    /// Each customer managed policy attached to the principal or one of its groups.
    AttachedCustomerPolicy,
    /// Each group the user is not in.
    OtherGroup,
    /// Each other IAM user.
    OtherUser,
    /// Each other role that is not service-linked.
    OtherRole,
    /// Each role whose trust policy lets this service assume it (`iam:PassRole` targets;
    /// `iam:PassedToService` is set to it).
    ServiceRole(&'static str),
    /// Each role reachable by a chain of `sts:AssumeRole` (breadth first, at most
    /// [`crate::limits::MAX_CHAIN_DEPTH`] hops).
    RoleChain,
    /// Each Lambda function.
    Function,
    /// Each EC2 instance with an instance profile.
    ProfiledInstance,
}

/// What the principal gets when every step is allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gain {
    /// Any permission it writes into a policy of its own: what its boundary and SCPs allow.
    AnyPolicy,
    /// Its permissions without a permissions boundary.
    NoBoundary,
    /// The permissions of the pivot group, added to its own.
    PivotGroup,
    /// The permissions of the pivot user or role.
    PivotPrincipal,
    /// The permissions of the role the pivot instance's instance profile holds (from the
    /// roles' instance-profile lists; Unknown where those are not known).
    InstanceRole,
    /// A gain the inventory cannot show; the text says what is missing. Such a path is
    /// reported Unknown, never Pass, when its steps are allowed.
    NotInInventory(&'static str),
}

const fn step(action: &'static str, on: On) -> Step {
    Step { action, on }
}

/// A `iam:PassRole` path: pass a role trusted by `service` to what the other steps create.
const fn pass(service: &'static str) -> Pivot {
    Pivot::ServiceRole(service)
}

const PASS_ROLE: Step = step("iam:PassRole", On::Pivot);

const FIX_PASS_ROLE: &str = "Scope iam:PassRole to the roles the principal must pass (Resource: their ARNs, never \"*\") \
and add Condition StringEquals iam:PassedToService; or deny iam:PassRole on privileged roles in a \
permissions boundary or SCP. Console: IAM > the policy > Edit. CLI: aws iam create-policy-version \
--policy-arn <arn> --policy-document file://scoped.json --set-as-default. Terraform: \
data \"aws_iam_policy_document\" with resources = [<role arns>] and condition { test = \"StringEquals\" \
variable = \"iam:PassedToService\" values = [<service>] }.";

const FIX_SELF_POLICY: &str = "Do not grant principals write access to their own policies: remove the action, or scope its \
Resource away from the principal, its groups and the policies attached to them, and set a \
permissions boundary that denies iam:* policy writes. Console: IAM > the policy > Edit. CLI: aws iam \
create-policy-version --policy-arn <arn> --policy-document file://fixed.json --set-as-default. \
Terraform: aws_iam_policy with the action removed; aws_iam_user.permissions_boundary.";

const FIX_CREDENTIALS: &str = "Scope credential management to the principal itself (Resource \
arn:aws:iam::<account>:user/${aws:username}) or to a break-glass role. Console: IAM > the policy \
> Edit. CLI: aws iam create-policy-version --policy-arn <arn> --policy-document file://self-only.json \
--set-as-default. Terraform: resources = [\"arn:aws:iam::<account>:user/$${aws:username}\"].";

const FIX_BOUNDARY: &str = "Deny iam:DeleteUserPermissionsBoundary, iam:DeleteRolePermissionsBoundary, \
iam:PutUserPermissionsBoundary and iam:PutRolePermissionsBoundary inside the boundary itself and in an \
SCP. CLI: aws iam create-policy-version --policy-arn <boundary-arn> --policy-document file://boundary.json \
--set-as-default. Terraform: a Deny statement in the boundary's aws_iam_policy.";

const FIX_INSTANCE: &str = "Scope ssm:SendCommand / ssm:StartSession / ec2-instance-connect to \
instances by tag (Condition StringEquals ssm:resourceTag/<key>) and keep privileged instance roles \
off instances that operators reach. CLI: aws iam create-policy-version --policy-arn <arn> \
--policy-document file://scoped.json --set-as-default. Terraform: condition on ssm:resourceTag/<key>.";

/// Every path, in documentation order.
pub const PATHS: &[Path] = &[
    Path {
        id: "iam-create-policy-version",
        title: "Write a new default version of a customer managed policy attached to itself",
        principals: Principals::Both,
        pivot: Pivot::AttachedCustomerPolicy,
        steps: &[step("iam:CreatePolicyVersion", On::Pivot)],
        gain: Gain::AnyPolicy,
        fix: FIX_SELF_POLICY,
        sources: "Rhino Security Labs, Bishop Fox iam-vulnerable, PMapper",
    },
    Path {
        id: "iam-set-default-policy-version",
        title: "Make another stored version of an attached customer managed policy the default",
        principals: Principals::Both,
        pivot: Pivot::AttachedCustomerPolicy,
        steps: &[step("iam:SetDefaultPolicyVersion", On::Pivot)],
        gain: Gain::NotInInventory(
            "the policy's non-default versions are not in the inventory, so what they grant is not known",
        ),
        fix: FIX_SELF_POLICY,
        sources: "Rhino Security Labs, Bishop Fox iam-vulnerable",
    },
    Path {
        id: "iam-attach-user-policy",
        title: "Attach any managed policy (AdministratorAccess) to itself",
        principals: Principals::Users,
        pivot: Pivot::None,
        steps: &[step("iam:AttachUserPolicy", On::Own)],
        gain: Gain::AnyPolicy,
        fix: FIX_SELF_POLICY,
        sources: "Rhino Security Labs, Bishop Fox iam-vulnerable",
    },
    Path {
        id: "iam-attach-group-policy",
        title: "Attach any managed policy to a group it is in",
        principals: Principals::Users,
        pivot: Pivot::OwnGroup,
        steps: &[step("iam:AttachGroupPolicy", On::Pivot)],
        gain: Gain::AnyPolicy,
        fix: FIX_SELF_POLICY,
        sources: "Rhino Security Labs, Bishop Fox iam-vulnerable",
    },
    Path {
        id: "iam-attach-role-policy",
        title: "Attach any managed policy to its own role",
        principals: Principals::Roles,
        pivot: Pivot::None,
        steps: &[step("iam:AttachRolePolicy", On::Own)],
        gain: Gain::AnyPolicy,
        fix: FIX_SELF_POLICY,
        sources: "Rhino Security Labs, Bishop Fox iam-vulnerable",
    },
    Path {
        id: "iam-put-user-policy",
        title: "Write an inline policy granting anything into itself",
        principals: Principals::Users,
        pivot: Pivot::None,
        steps: &[step("iam:PutUserPolicy", On::Own)],
        gain: Gain::AnyPolicy,
        fix: FIX_SELF_POLICY,
        sources: "Rhino Security Labs, Bishop Fox iam-vulnerable",
    },
    Path {
        id: "iam-put-group-policy",
        title: "Write an inline policy granting anything into a group it is in",
        principals: Principals::Users,
        pivot: Pivot::OwnGroup,
        steps: &[step("iam:PutGroupPolicy", On::Pivot)],
        gain: Gain::AnyPolicy,
        fix: FIX_SELF_POLICY,
        sources: "Rhino Security Labs, Bishop Fox iam-vulnerable",
    },
    Path {
        id: "iam-put-role-policy",
        title: "Write an inline policy granting anything into its own role",
        principals: Principals::Roles,
        pivot: Pivot::None,
        steps: &[step("iam:PutRolePolicy", On::Own)],
        gain: Gain::AnyPolicy,
        fix: FIX_SELF_POLICY,
        sources: "Rhino Security Labs, Bishop Fox iam-vulnerable",
    },
    Path {
        id: "iam-add-user-to-group",
        title: "Add itself to a more privileged group",
        principals: Principals::Users,
        pivot: Pivot::OtherGroup,
        steps: &[step("iam:AddUserToGroup", On::Pivot)],
        gain: Gain::PivotGroup,
        fix: "Scope iam:AddUserToGroup to the groups a team manages, never \"*\". CLI: aws iam \
              create-policy-version --policy-arn <arn> --policy-document file://scoped.json \
              --set-as-default. Terraform: resources = [<group arns>].",
        sources: "Rhino Security Labs, Bishop Fox iam-vulnerable",
    },
    Path {
        id: "iam-create-access-key",
        title: "Create an access key for a more privileged user",
        principals: Principals::Both,
        pivot: Pivot::OtherUser,
        steps: &[step("iam:CreateAccessKey", On::Pivot)],
        gain: Gain::PivotPrincipal,
        fix: FIX_CREDENTIALS,
        sources: "Rhino Security Labs, Bishop Fox iam-vulnerable",
    },
    Path {
        id: "iam-create-login-profile",
        title: "Create a console password for a more privileged user",
        principals: Principals::Both,
        pivot: Pivot::OtherUser,
        steps: &[step("iam:CreateLoginProfile", On::Pivot)],
        gain: Gain::PivotPrincipal,
        fix: FIX_CREDENTIALS,
        sources: "Rhino Security Labs, Bishop Fox iam-vulnerable",
    },
    Path {
        id: "iam-update-login-profile",
        title: "Change the console password of a more privileged user",
        principals: Principals::Both,
        pivot: Pivot::OtherUser,
        steps: &[step("iam:UpdateLoginProfile", On::Pivot)],
        gain: Gain::PivotPrincipal,
        fix: FIX_CREDENTIALS,
        sources: "Rhino Security Labs, Bishop Fox iam-vulnerable",
    },
    Path {
        id: "iam-update-assume-role-policy",
        title: "Rewrite a more privileged role's trust policy to trust itself, then assume it",
        principals: Principals::Both,
        pivot: Pivot::OtherRole,
        steps: &[
            step("iam:UpdateAssumeRolePolicy", On::Pivot),
            step("sts:AssumeRole", On::PivotTrustingMe),
        ],
        gain: Gain::PivotPrincipal,
        fix: "Reserve iam:UpdateAssumeRolePolicy to an administration role; scope it with \
              Resource to roles below the principal's privilege. CLI: aws iam \
              create-policy-version --policy-arn <arn> --policy-document file://scoped.json \
              --set-as-default. Terraform: remove the action from the aws_iam_policy.",
        sources: "Rhino Security Labs, Bishop Fox iam-vulnerable",
    },
    Path {
        id: "iam-delete-user-permissions-boundary",
        title: "Delete its own permissions boundary",
        principals: Principals::Users,
        pivot: Pivot::None,
        steps: &[step("iam:DeleteUserPermissionsBoundary", On::Own)],
        gain: Gain::NoBoundary,
        fix: FIX_BOUNDARY,
        sources: "AWS IAM guide (permissions boundaries: deny removing one's own boundary)",
    },
    Path {
        id: "iam-delete-role-permissions-boundary",
        title: "Delete its own role's permissions boundary",
        principals: Principals::Roles,
        pivot: Pivot::None,
        steps: &[step("iam:DeleteRolePermissionsBoundary", On::Own)],
        gain: Gain::NoBoundary,
        fix: FIX_BOUNDARY,
        sources: "AWS IAM guide (permissions boundaries: deny removing one's own boundary)",
    },
    Path {
        id: "iam-put-user-permissions-boundary",
        title: "Replace its own permissions boundary with a permissive policy",
        principals: Principals::Users,
        pivot: Pivot::None,
        steps: &[step("iam:PutUserPermissionsBoundary", On::Own)],
        gain: Gain::NoBoundary,
        fix: FIX_BOUNDARY,
        sources: "AWS IAM guide (permissions boundaries: deny replacing one's own boundary)",
    },
    Path {
        id: "iam-put-role-permissions-boundary",
        title: "Replace its own role's permissions boundary with a permissive policy",
        principals: Principals::Roles,
        pivot: Pivot::None,
        steps: &[step("iam:PutRolePermissionsBoundary", On::Own)],
        gain: Gain::NoBoundary,
        fix: FIX_BOUNDARY,
        sources: "AWS IAM guide (permissions boundaries: deny replacing one's own boundary)",
    },
    Path {
        id: "sts-assume-role-chain",
        title: "Assume a more privileged role, directly or through a chain of roles",
        principals: Principals::Both,
        pivot: Pivot::RoleChain,
        steps: &[step("sts:AssumeRole", On::Pivot)],
        gain: Gain::PivotPrincipal,
        fix: "Trust specific principals, not the account root, in privileged roles' trust \
              policies, and scope sts:AssumeRole in identity policies to the roles needed. CLI: \
              aws iam update-assume-role-policy --role-name <role> --policy-document \
              file://trust.json. Terraform: aws_iam_role.assume_role_policy naming the principals.",
        sources: "Bishop Fox iam-vulnerable, PMapper, pathfinding.cloud",
    },
    Path {
        id: "ec2-run-instances-pass-role",
        title: "Launch an EC2 instance with a more privileged instance role",
        principals: Principals::Both,
        pivot: pass("ec2.amazonaws.com"),
        steps: &[
            PASS_ROLE,
            step("ec2:RunInstances", On::New("arn:aws:ec2:*:{account}:instance/*")),
        ],
        gain: Gain::PivotPrincipal,
        fix: FIX_PASS_ROLE,
        sources: "Rhino Security Labs, Bishop Fox iam-vulnerable",
    },
    Path {
        id: "ec2-request-spot-instances-pass-role",
        title: "Request a spot instance with a more privileged instance role",
        principals: Principals::Both,
        pivot: pass("ec2.amazonaws.com"),
        steps: &[
            PASS_ROLE,
            step(
                "ec2:RequestSpotInstances",
                On::New("arn:aws:ec2:*:{account}:spot-instances-request/*"),
            ),
        ],
        gain: Gain::PivotPrincipal,
        fix: FIX_PASS_ROLE,
        sources: "cloudward (the spot-request form of ec2:RunInstances)",
    },
    Path {
        id: "autoscaling-launch-configuration-pass-role",
        title: "Create a launch configuration and Auto Scaling group with a more privileged role",
        principals: Principals::Both,
        pivot: pass("ec2.amazonaws.com"),
        steps: &[
            PASS_ROLE,
            step(
                "autoscaling:CreateLaunchConfiguration",
                On::New("arn:aws:autoscaling:*:{account}:launchConfiguration:*:launchConfigurationName/*"),
            ),
            step(
                "autoscaling:CreateAutoScalingGroup",
                On::New("arn:aws:autoscaling:*:{account}:autoScalingGroup:*:autoScalingGroupName/*"),
            ),
        ],
        gain: Gain::PivotPrincipal,
        fix: FIX_PASS_ROLE,
        sources: "PMapper (autoscaling edges)",
    },
    Path {
        id: "lambda-create-function-invoke-pass-role",
        title: "Create a Lambda function with a more privileged role and invoke it",
        principals: Principals::Both,
        pivot: pass("lambda.amazonaws.com"),
        steps: &[
            PASS_ROLE,
            step("lambda:CreateFunction", On::New("arn:aws:lambda:*:{account}:function:*")),
            step("lambda:InvokeFunction", On::New("arn:aws:lambda:*:{account}:function:*")),
        ],
        gain: Gain::PivotPrincipal,
        fix: FIX_PASS_ROLE,
        sources: "Rhino Security Labs, Bishop Fox iam-vulnerable",
    },
    Path {
        id: "lambda-create-function-event-source-pass-role",
        title: "Create a Lambda function with a more privileged role and trigger it from an event source",
        principals: Principals::Both,
        pivot: pass("lambda.amazonaws.com"),
        steps: &[
            PASS_ROLE,
            step("lambda:CreateFunction", On::New("arn:aws:lambda:*:{account}:function:*")),
            step("lambda:CreateEventSourceMapping", On::New("*")),
        ],
        gain: Gain::PivotPrincipal,
        fix: FIX_PASS_ROLE,
        sources: "Rhino Security Labs, Bishop Fox iam-vulnerable",
    },
    Path {
        id: "lambda-update-function-code",
        title: "Replace the code of an existing Lambda function and run as its role",
        principals: Principals::Both,
        pivot: Pivot::Function,
        steps: &[step("lambda:UpdateFunctionCode", On::Pivot)],
        gain: Gain::NotInInventory(
            "the function's execution role is not in the inventory, so whether it is more privileged is not known",
        ),
        fix: "Scope lambda:UpdateFunctionCode to the functions a team deploys (Resource: their \
              ARNs). CLI: aws iam create-policy-version --policy-arn <arn> --policy-document \
              file://scoped.json --set-as-default. Terraform: resources = [<function arns>].",
        sources: "Rhino Security Labs, Bishop Fox iam-vulnerable",
    },
    Path {
        id: "cloudformation-create-stack-pass-role",
        title: "Create a CloudFormation stack that runs as a more privileged role",
        principals: Principals::Both,
        pivot: pass("cloudformation.amazonaws.com"),
        steps: &[
            PASS_ROLE,
            step(
                "cloudformation:CreateStack",
                On::New("arn:aws:cloudformation:*:{account}:stack/*"),
            ),
        ],
        gain: Gain::PivotPrincipal,
        fix: FIX_PASS_ROLE,
        sources: "Rhino Security Labs, Bishop Fox iam-vulnerable",
    },
    Path {
        id: "datapipeline-create-pipeline-pass-role",
        title: "Create and define a Data Pipeline that runs as a more privileged role",
        principals: Principals::Both,
        pivot: pass("datapipeline.amazonaws.com"),
        steps: &[
            PASS_ROLE,
            step(
                "datapipeline:CreatePipeline",
                On::New("arn:aws:datapipeline:*:{account}:pipeline/*"),
            ),
            step(
                "datapipeline:PutPipelineDefinition",
                On::New("arn:aws:datapipeline:*:{account}:pipeline/*"),
            ),
        ],
        gain: Gain::PivotPrincipal,
        fix: FIX_PASS_ROLE,
        sources: "Rhino Security Labs, Bishop Fox iam-vulnerable",
    },
    Path {
        id: "glue-create-dev-endpoint-pass-role",
        title: "Create a Glue development endpoint with a more privileged role",
        principals: Principals::Both,
        pivot: pass("glue.amazonaws.com"),
        steps: &[
            PASS_ROLE,
            step(
                "glue:CreateDevEndpoint",
                On::New("arn:aws:glue:*:{account}:devEndpoint/*"),
            ),
        ],
        gain: Gain::PivotPrincipal,
        fix: FIX_PASS_ROLE,
        sources: "Rhino Security Labs, Bishop Fox iam-vulnerable",
    },
    Path {
        id: "glue-create-job-pass-role",
        title: "Create and start a Glue job that runs as a more privileged role",
        principals: Principals::Both,
        pivot: pass("glue.amazonaws.com"),
        steps: &[
            PASS_ROLE,
            step("glue:CreateJob", On::New("arn:aws:glue:*:{account}:job/*")),
            step("glue:StartJobRun", On::New("arn:aws:glue:*:{account}:job/*")),
        ],
        gain: Gain::PivotPrincipal,
        fix: FIX_PASS_ROLE,
        sources: "pathfinding.cloud",
    },
    Path {
        id: "ecs-run-task-pass-role",
        title: "Register an ECS task definition with a more privileged task role and run it",
        principals: Principals::Both,
        pivot: pass("ecs-tasks.amazonaws.com"),
        steps: &[
            PASS_ROLE,
            step("ecs:RegisterTaskDefinition", On::New("*")),
            step(
                "ecs:RunTask",
                On::New("arn:aws:ecs:*:{account}:task-definition/*"),
            ),
        ],
        gain: Gain::PivotPrincipal,
        fix: FIX_PASS_ROLE,
        sources: "pathfinding.cloud",
    },
    Path {
        id: "ecs-create-service-pass-role",
        title: "Register an ECS task definition with a more privileged task role and run it as a service",
        principals: Principals::Both,
        pivot: pass("ecs-tasks.amazonaws.com"),
        steps: &[
            PASS_ROLE,
            step("ecs:RegisterTaskDefinition", On::New("*")),
            step(
                "ecs:CreateService",
                On::New("arn:aws:ecs:*:{account}:service/*"),
            ),
        ],
        gain: Gain::PivotPrincipal,
        fix: FIX_PASS_ROLE,
        sources: "pathfinding.cloud",
    },
    Path {
        id: "codebuild-create-project-pass-role",
        title: "Create and start a CodeBuild project that runs as a more privileged role",
        principals: Principals::Both,
        pivot: pass("codebuild.amazonaws.com"),
        steps: &[
            PASS_ROLE,
            step(
                "codebuild:CreateProject",
                On::New("arn:aws:codebuild:*:{account}:project/*"),
            ),
            step(
                "codebuild:StartBuild",
                On::New("arn:aws:codebuild:*:{account}:project/*"),
            ),
        ],
        gain: Gain::PivotPrincipal,
        fix: FIX_PASS_ROLE,
        sources: "Bishop Fox iam-vulnerable, pathfinding.cloud",
    },
    Path {
        id: "sagemaker-create-notebook-pass-role",
        title: "Create a SageMaker notebook instance with a more privileged role and open it",
        principals: Principals::Both,
        pivot: pass("sagemaker.amazonaws.com"),
        steps: &[
            PASS_ROLE,
            step(
                "sagemaker:CreateNotebookInstance",
                On::New("arn:aws:sagemaker:*:{account}:notebook-instance/*"),
            ),
            step(
                "sagemaker:CreatePresignedNotebookInstanceUrl",
                On::New("arn:aws:sagemaker:*:{account}:notebook-instance/*"),
            ),
        ],
        gain: Gain::PivotPrincipal,
        fix: FIX_PASS_ROLE,
        sources: "Rhino Security Labs (part 2), Bishop Fox iam-vulnerable, pathfinding.cloud",
    },
    Path {
        id: "sagemaker-create-training-job-pass-role",
        title: "Create a SageMaker training job that runs as a more privileged role",
        principals: Principals::Both,
        pivot: pass("sagemaker.amazonaws.com"),
        steps: &[
            PASS_ROLE,
            step(
                "sagemaker:CreateTrainingJob",
                On::New("arn:aws:sagemaker:*:{account}:training-job/*"),
            ),
        ],
        gain: Gain::PivotPrincipal,
        fix: FIX_PASS_ROLE,
        sources: "Bishop Fox iam-vulnerable, pathfinding.cloud",
    },
    Path {
        id: "sagemaker-create-processing-job-pass-role",
        title: "Create a SageMaker processing job that runs as a more privileged role",
        principals: Principals::Both,
        pivot: pass("sagemaker.amazonaws.com"),
        steps: &[
            PASS_ROLE,
            step(
                "sagemaker:CreateProcessingJob",
                On::New("arn:aws:sagemaker:*:{account}:processing-job/*"),
            ),
        ],
        gain: Gain::PivotPrincipal,
        fix: FIX_PASS_ROLE,
        sources: "Bishop Fox iam-vulnerable, pathfinding.cloud",
    },
    Path {
        id: "apprunner-create-service-pass-role",
        title: "Create an App Runner service whose instance role is more privileged",
        principals: Principals::Both,
        pivot: pass("tasks.apprunner.amazonaws.com"),
        steps: &[
            PASS_ROLE,
            step(
                "apprunner:CreateService",
                On::New("arn:aws:apprunner:*:{account}:service/*"),
            ),
        ],
        gain: Gain::PivotPrincipal,
        fix: FIX_PASS_ROLE,
        sources: "pathfinding.cloud",
    },
    Path {
        id: "ssm-send-command",
        title: "Run commands on an EC2 instance and use its instance role",
        principals: Principals::Both,
        pivot: Pivot::ProfiledInstance,
        steps: &[step("ssm:SendCommand", On::Pivot)],
        gain: Gain::InstanceRole,
        fix: FIX_INSTANCE,
        sources: "Bishop Fox iam-vulnerable, pathfinding.cloud",
    },
    Path {
        id: "ssm-start-session",
        title: "Open a Session Manager shell on an EC2 instance and use its instance role",
        principals: Principals::Both,
        pivot: Pivot::ProfiledInstance,
        steps: &[step("ssm:StartSession", On::Pivot)],
        gain: Gain::InstanceRole,
        fix: FIX_INSTANCE,
        sources: "Bishop Fox iam-vulnerable, pathfinding.cloud",
    },
    Path {
        id: "ec2-instance-connect-send-ssh-public-key",
        title: "Push an SSH key to an EC2 instance and use its instance role",
        principals: Principals::Both,
        pivot: Pivot::ProfiledInstance,
        steps: &[step("ec2-instance-connect:SendSSHPublicKey", On::Pivot)],
        gain: Gain::InstanceRole,
        fix: FIX_INSTANCE,
        sources: "Bishop Fox iam-vulnerable, pathfinding.cloud",
    },
];

/// The path with this id.
pub fn path(id: &str) -> Option<&'static Path> {
    PATHS.iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_and_steps_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for p in PATHS {
            assert!(seen.insert(p.id), "duplicate path {}", p.id);
            assert!(
                p.id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                p.id
            );
            assert!(!p.steps.is_empty(), "{}: no steps", p.id);
            for s in p.steps {
                assert!(s.action.contains(':'), "{}: {}", p.id, s.action);
                if matches!(s.on, On::Pivot | On::PivotTrustingMe) {
                    assert_ne!(p.pivot, Pivot::None, "{}: a pivot step with no pivot", p.id);
                }
            }
            if matches!(p.pivot, Pivot::ServiceRole(_)) {
                assert!(
                    p.steps.iter().any(|s| s.action == "iam:PassRole"),
                    "{}: a service-role path passes the role",
                    p.id
                );
            }
            assert!(!p.fix.is_empty() && !p.sources.is_empty(), "{}", p.id);
        }
        assert!(PATHS.len() >= 30, "the issue asks for at least 30 paths");
        assert_eq!(
            path("iam-create-policy-version").map(|p| p.id),
            Some("iam-create-policy-version")
        );
    }
}
