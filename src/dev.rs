//! Realistic made-up contacts for benchmarks, demos and crash tests. Deterministic for a given seed.

use crate::contacts::{ContactInput, ContactKind, Labeled, PreferredChannel};

const GIVEN: &[&str] = &[
    "Anna", "Ben", "Chloé", "David", "Elif", "Farah", "Gabriel", "Hana", "Ivan", "Julia", "Kenji",
    "Lena", "Mateo", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Samuel", "Tomás", "Uma",
    "Victor", "Wen", "Ximena", "Yusuf", "Zoë", "Amara", "Bruno", "Carmen", "Dmitri", "Emma",
    "Felix", "Greta", "Hugo", "Isla", "Jonas", "Kira", "Liam", "Maya", "Noah", "Olivia", "Pablo",
    "Rita", "Sofia", "Theo", "Vera", "William", "Yara", "Aiko", "Marco", "Sara", "Jakob", "Lucía",
    "Omar", "Helga", "Raj", "Mei", "Sven",
];
const FAMILY: &[&str] = &[
    "Müller",
    "Smith",
    "García",
    "Nguyen",
    "Kowalski",
    "Rossi",
    "Dubois",
    "Jensen",
    "O'Brien",
    "Tanaka",
    "Silva",
    "Novak",
    "Andersen",
    "Petrov",
    "Haddad",
    "Okafor",
    "Schmidt",
    "Martin",
    "López",
    "Kim",
    "Wagner",
    "Costa",
    "Lindqvist",
    "Yilmaz",
    "Fischer",
    "Moreau",
    "Horvat",
    "Bauer",
    "Ali",
    "Chen",
    "Weber",
    "Santos",
    "Ivanova",
    "Khan",
    "Larsen",
    "Romano",
    "Fernández",
    "Sato",
    "Kovač",
    "Becker",
];
const ORGS: &[&str] = &[
    "Bakery",
    "Garage",
    "Florist",
    "Studio",
    "Dental",
    "Hardware",
    "Bistro",
    "Print Shop",
    "Salon",
    "Books",
    "Cycles",
    "Optics",
    "Pharmacy",
    "Tailors",
    "Gallery",
    "Coffee",
    "Plumbing",
    "Pets",
];
const TAGS: &[&str] = &[
    "vip",
    "wholesale",
    "retail",
    "newsletter",
    "supplier",
    "partner",
    "prospect",
    "local",
];

/// A small deterministic pseudo-random generator (xorshift), so seeded data is the same each run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// `count` made-up people (one in ten also belongs to a made-up organisation).
pub fn sample_contacts(count: usize, seed: u64) -> Vec<ContactInput> {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    (0..count)
        .map(|i| {
            let given = rng.pick(GIVEN);
            let family = rng.pick(FAMILY);
            let mail_user: String = format!("{given}.{family}{i}")
                .to_lowercase()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            let organization =
                (rng.below(10) == 0).then(|| format!("{} {}", rng.pick(FAMILY), rng.pick(ORGS)));
            let birthday = (rng.below(3) != 0).then(|| {
                let month = 1 + rng.below(12);
                let day = 1 + rng.below(28);
                if rng.below(2) == 0 {
                    format!("{}-{month:02}-{day:02}", 1940 + rng.below(65))
                } else {
                    format!("--{month:02}-{day:02}")
                }
            });
            let mut tags = vec![rng.pick(TAGS).to_string()];
            if rng.below(3) == 0 {
                tags.push(rng.pick(TAGS).to_string());
            }
            ContactInput {
                kind: Some(ContactKind::Person),
                name: format!("{given} {family}"),
                given_name: Some(given.to_string()),
                family_name: Some(family.to_string()),
                organization,
                emails: vec![Labeled {
                    label: Some("work".into()),
                    value: format!("{mail_user}@example.com"),
                }],
                phones: vec![Labeled {
                    label: Some("mobile".into()),
                    value: format!("+1 555 {:03} {:04}", rng.below(1000), rng.below(10_000)),
                }],
                preferred_channel: Some(PreferredChannel::ALL[rng.below(5) as usize]),
                birthday,
                tags,
                ..ContactInput::default()
            }
        })
        .collect()
}
