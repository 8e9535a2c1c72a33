import math

import numpy as np


def is_path_closed(rotations, tol=1e-06):
    total = np.eye(3)
    for r in rotations.astype(np.float64):
        total = r @ total
    error = np.linalg.norm(total - np.eye(3))
    angle = math.degrees(math.acos(min(1.0, max(-1.0, (np.trace(total) - 1) / 2))))
    return error < tol, total, error, angle
