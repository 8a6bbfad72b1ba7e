"""Writes numpy_random.json: reference draws of NumPy 1.23.5's legacy RandomState and
CPython's MT19937 (random.getrandbits / random.random), for MersenneTwister and
NumPyRandomState. Run with the reference venv: /work/venv-tf/bin/python make_numpy_random.py
"""
import json
import os
import random

import numpy as np

assert np.__version__ == "1.23.5"
out = {}

# Raw MT19937 words after CPython's seeding (init_by_array of the 32-bit words of the seed).
for seed in [0, 42, 2**40 + 5]:
    r = random.Random(seed)
    out[f"cpython_words_{seed}"] = [r.getrandbits(32) for _ in range(8)]
    r = random.Random(seed)
    out[f"cpython_random_{seed}"] = [r.random() for _ in range(5)]
# NumPy scalar seeds use init_genrand: the first state words and the first outputs.
rs = np.random.RandomState(42)
out["numpy_state_42_head"] = [int(v) for v in rs.get_state()[1][:5]]
rs = np.random.RandomState(42)
out["random_sample_42"] = rs.random_sample(7).tolist()
out["random_sample_then_normal_42"] = rs.standard_normal(5).tolist()
rs = np.random.RandomState(7)
out["randn_7"] = rs.randn(3, 3).ravel().tolist()
out["normal_7_after"] = rs.normal(2.0, 0.5, size=4).tolist()
out["uniform_7_after"] = rs.uniform(-1, 3, size=4).tolist()
rs = np.random.RandomState(123)
out["randint_123_0_10"] = rs.randint(0, 10, size=20).tolist()
out["randint_123_neg"] = rs.randint(-5, 1000, size=10).tolist()
out["randint_123_big"] = rs.randint(0, 2**40, size=5).tolist()
out["randint_123_int32"] = rs.randint(3, 9, size=8, dtype=np.int32).tolist()
out["randint_123_uint8"] = rs.randint(0, 200, size=9, dtype=np.uint8).tolist()
out["randint_123_bool"] = [int(v) for v in rs.randint(0, 2, size=10, dtype=bool)]
out["randint_123_scalar"] = int(rs.randint(100))
rs = np.random.RandomState(5)
out["permutation_5_10"] = rs.permutation(10).tolist()
a = np.arange(12).reshape(6, 2)
rs.shuffle(a)
out["shuffle_5_rows"] = a.ravel().tolist()
out["choice_5_replace"] = rs.choice(7, size=6).tolist()
out["choice_5_noreplace"] = rs.choice(9, size=4, replace=False).tolist()
p = [0.1, 0.2, 0.3, 0.4]
out["choice_5_p"] = rs.choice(4, size=8, p=p).tolist()
out["choice_5_p_noreplace"] = rs.choice(4, size=3, replace=False, p=p).tolist()
out["after_choice_sample"] = rs.random_sample(2).tolist()
rs = np.random.RandomState([1, 2, 3])
out["array_seed_123"] = rs.random_sample(3).tolist()
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "numpy_random.json"), "w") as f:
    json.dump(out, f)
