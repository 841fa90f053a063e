/// Another worker holds the lock for creating the board's missing list and labels: try again shortly.
struct ProvisioningBusy: Error {}
