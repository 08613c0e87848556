// Property tests run with a fixed seed so CI is reproducible; FC_SEED=<n> explores others.
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261122) });
