// The five seed policies: their pack ids, where their texts are (beside the checkout, in
// `../shared/policies`, never copied into the repo) and where their hand-written packs are.

import * as path from 'node:path';
import { REPO_ROOT } from './cli-run';

export const SEED_PACKS = ['sonarcx', 'sococo', 'interactcx', 'contacto', 'cloudcall'] as const;
export type SeedPack = (typeof SEED_PACKS)[number];

export const POLICY_DIR = path.join(REPO_ROOT, '..', 'shared', 'policies');

export const policyTextFile = (id: string): string => path.join(POLICY_DIR, `${id}.txt`);
export const seedPackFile = (id: string): string => path.join(REPO_ROOT, 'rules', 'policies', `${id}.yaml`);
