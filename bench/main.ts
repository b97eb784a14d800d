// Benchmarks entry: each suite prints ratios against a baseline measured in the same run.
export {};
