//! `Tri`: yes, no, or "cannot tell, because ...", with Kleene's three-valued AND and OR.
//!
//! Every step of evaluation answers with a `Tri`, so an undecidable condition is carried up to
//! the decision instead of being guessed.

/// A three-valued answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tri {
    /// Definitely true.
    Yes,
    /// Definitely false.
    No,
    /// Cannot be decided from what is known; the reasons say why.
    Maybe(Vec<String>),
}

impl Tri {
    /// `Maybe` with one reason.
    pub fn maybe(reason: impl Into<String>) -> Tri {
        Tri::Maybe(vec![reason.into()])
    }

    /// A known boolean.
    pub fn from_bool(b: bool) -> Tri {
        if b {
            Tri::Yes
        } else {
            Tri::No
        }
    }

    /// Whether this is `Yes`.
    pub fn is_yes(&self) -> bool {
        matches!(self, Tri::Yes)
    }

    /// Whether this is `No`.
    pub fn is_no(&self) -> bool {
        matches!(self, Tri::No)
    }

    /// Kleene AND: `No` wins, then `Maybe`.
    pub fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::No, _) | (_, Tri::No) => Tri::No,
            (Tri::Maybe(mut a), Tri::Maybe(b)) => {
                a.extend(b);
                Tri::Maybe(a)
            }
            (Tri::Maybe(a), Tri::Yes) | (Tri::Yes, Tri::Maybe(a)) => Tri::Maybe(a),
            (Tri::Yes, Tri::Yes) => Tri::Yes,
        }
    }

    /// Kleene OR: `Yes` wins, then `Maybe`.
    pub fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::Yes, _) | (_, Tri::Yes) => Tri::Yes,
            (Tri::Maybe(mut a), Tri::Maybe(b)) => {
                a.extend(b);
                Tri::Maybe(a)
            }
            (Tri::Maybe(a), Tri::No) | (Tri::No, Tri::Maybe(a)) => Tri::Maybe(a),
            (Tri::No, Tri::No) => Tri::No,
        }
    }

    /// Kleene NOT.
    #[allow(clippy::should_implement_trait)] // `!` on a Tri would read as a boolean.
    pub fn not(self) -> Tri {
        match self {
            Tri::Yes => Tri::No,
            Tri::No => Tri::Yes,
            m @ Tri::Maybe(_) => m,
        }
    }

    /// AND over many, stopping at the first `No`.
    pub fn all(items: impl IntoIterator<Item = Tri>) -> Tri {
        let mut acc = Tri::Yes;
        for t in items {
            acc = acc.and(t);
            if acc.is_no() {
                return Tri::No;
            }
        }
        acc
    }

    /// OR over many, stopping at the first `Yes`.
    pub fn any(items: impl IntoIterator<Item = Tri>) -> Tri {
        let mut acc = Tri::No;
        for t in items {
            acc = acc.or(t);
            if acc.is_yes() {
                return Tri::Yes;
            }
        }
        acc
    }

    /// The reasons of a `Maybe` (empty otherwise).
    pub fn reasons(&self) -> &[String] {
        match self {
            Tri::Maybe(r) => r,
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kleene_tables() {
        let m = || Tri::maybe("m");
        assert_eq!(Tri::Yes.and(m()), m());
        assert_eq!(Tri::No.and(m()), Tri::No);
        assert_eq!(Tri::Yes.or(m()), Tri::Yes);
        assert_eq!(Tri::No.or(m()), m());
        assert_eq!(m().not(), m());
        assert_eq!(Tri::all(vec![]), Tri::Yes);
        assert_eq!(Tri::any(vec![]), Tri::No);
        assert_eq!(Tri::any(vec![Tri::No, m(), Tri::Yes]), Tri::Yes);
        assert_eq!(Tri::all(vec![Tri::Yes, m(), Tri::No]), Tri::No);
    }
}
