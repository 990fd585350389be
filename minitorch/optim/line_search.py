"""The strong-Wolfe line search LBFGS uses: find a step t along d with

    sufficient decrease   f(x + t d) <= f(x) + c1 t g.d
    curvature             |g(x + t d).d| <= -c2 g.d

by first growing t until an interval brackets such a point, then shrinking the bracket ("zoom") with cubic
interpolation of the end points' values and slopes. Step lengths, losses and slopes are Python floats; gradients
are flat tensors.
"""
import math


def cubic_minimum(x1, f1, g1, x2, f2, g2, bounds=None):
    """The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1, g2, clipped to ``bounds``
    (the two points by default); the bounds' midpoint when the cubic has no real minimum."""
    lo, hi = bounds if bounds is not None else (min(x1, x2), max(x1, x2))
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1 ** 2 - g1 * g2
    if d2_square < 0:
        return (lo + hi) / 2.0
    d2 = math.sqrt(d2_square)
    if x1 <= x2:  # measured from the farther point:  x2 - (x2 - x1) (g2 + d2 - d1) / (g2 - g1 + 2 d2)
        min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
    else:
        min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
    return min(max(min_pos, lo), hi)


def strong_wolfe(obj_func, x, t, d, f, g, gtd, c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25):
    """(loss, flat gradient, t, evaluations) at the step found; ``obj_func(x, t, d)`` gives (loss, gradient) at
    x + t d."""
    d_norm = d.abs().max().item()
    g = g.clone()
    f_new, g_new = obj_func(x, t, d)
    evals = 1
    gtd_new = g_new.dot(d).item()

    # bracketing: each point is [t, f, g, g.d]
    prev = [0, f, g, gtd]
    done = False
    ls_iter = 0
    bracket = None
    while ls_iter < max_ls:
        if f_new > f + c1 * t * gtd or (ls_iter > 1 and f_new >= prev[1]):
            bracket = [prev, [t, f_new, g_new.clone(), gtd_new]]
            break
        if abs(gtd_new) <= -c2 * gtd:
            bracket = [[t, f_new, g_new, gtd_new]]
            done = True
            break
        if gtd_new >= 0:  # the slope turned: a minimum lies between
            bracket = [prev, [t, f_new, g_new.clone(), gtd_new]]
            break
        # extrapolate between 1.01 t and 10 t
        t_next = cubic_minimum(prev[0], prev[1], prev[3], t, f_new, gtd_new,
                               bounds=(t + 0.01 * (t - prev[0]), t * 10))
        prev = [t, f_new, g_new.clone(), gtd_new]
        t = t_next
        f_new, g_new = obj_func(x, t, d)
        evals += 1
        gtd_new = g_new.dot(d).item()
        ls_iter += 1
    if ls_iter == max_ls:
        bracket = [[0, f, g, None], [t, f_new, g_new, None]]

    # zoom: shrink the bracket until a point meets both conditions
    insufficient_progress = False
    low, high = (0, 1) if bracket[0][1] <= bracket[-1][1] else (1, 0)
    while not done and ls_iter < max_ls:
        ends = (bracket[0][0], bracket[1][0])
        if abs(ends[1] - ends[0]) * d_norm < tolerance_change:
            break
        t = cubic_minimum(bracket[0][0], bracket[0][1], bracket[0][3], bracket[1][0], bracket[1][1],
                          bracket[1][3])
        # a trial within 10% of an end twice running (or outside): move it 10% of the width inside
        lo, hi = min(ends), max(ends)
        eps = 0.1 * (hi - lo)
        if min(hi - t, t - lo) < eps:
            if insufficient_progress or t >= hi or t <= lo:
                t = hi - eps if abs(t - hi) < abs(t - lo) else lo + eps
                insufficient_progress = False
            else:
                insufficient_progress = True
        else:
            insufficient_progress = False

        f_new, g_new = obj_func(x, t, d)
        evals += 1
        gtd_new = g_new.dot(d).item()
        ls_iter += 1
        point = [t, f_new, g_new.clone(), gtd_new]
        if f_new > f + c1 * t * gtd or f_new >= bracket[low][1]:
            bracket[high] = point
            low, high = (0, 1) if bracket[0][1] <= bracket[1][1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:
                done = True
            elif gtd_new * (bracket[high][0] - bracket[low][0]) >= 0:
                bracket[high] = bracket[low]  # the old low becomes the high end
            bracket[low] = point
    t, f_new, g_new, _ = bracket[low]
    return f_new, g_new, t, evals
