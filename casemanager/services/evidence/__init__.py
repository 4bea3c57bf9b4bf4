"""The customer's proof: intake with limits, content-addressed storage, the policy checklist."""
