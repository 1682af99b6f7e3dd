using ILGPU;

namespace ActorNet.Gpu.Backends.Ilgpu;

/// <summary>Kernel bodies of the solvers' update rules (Caffe's ComputeUpdateValue), one thread per parameter.</summary>
internal static class SolverKernels
{
    public static void Sgd(Index1D i, float lr, float momentum, ArrayView<float> g, ArrayView<float> h)
    {
        float v = lr * g[i] + momentum * h[i];
        h[i] = v;
        g[i] = v;
    }

    public static void Nesterov(Index1D i, float lr, float momentum, ArrayView<float> g, ArrayView<float> h)
    {
        float previous = h[i];
        float v = momentum * previous + lr * g[i];
        h[i] = v;
        g[i] = (1f + momentum) * v - momentum * previous;
    }

    public static void AdaGrad(Index1D i, float lr, float delta, ArrayView<float> g, ArrayView<float> h)
    {
        float gi = g[i];
        float hi = h[i] + gi * gi;
        h[i] = hi;
        g[i] = lr * gi / (MathF.Sqrt(hi) + delta);
    }

    public static void RmsProp(Index1D i, float lr, float decay, float delta, ArrayView<float> g, ArrayView<float> h)
    {
        float gi = g[i];
        float hi = decay * h[i] + (1f - decay) * gi * gi;
        h[i] = hi;
        g[i] = lr * gi / (MathF.Sqrt(hi) + delta);
    }

    public static void AdaDelta(Index1D i, float lr, float momentum, float delta, ArrayView<float> g, ArrayView<float> h, ArrayView<float> u)
    {
        float gi = g[i];
        float hi = momentum * h[i] + (1f - momentum) * gi * gi;
        h[i] = hi;
        float step = gi * MathF.Sqrt((u[i] + delta) / (hi + delta));
        u[i] = momentum * u[i] + (1f - momentum) * step * step;
        g[i] = lr * step;
    }

    public static void Adam(Index1D i, AdamArgs p, ArrayView<float> g, ArrayView<float> m, ArrayView<float> v)
    {
        float gi = g[i];
        float mi = p.Beta1 * m[i] + (1f - p.Beta1) * gi;
        float vi = p.Beta2 * v[i] + (1f - p.Beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        g[i] = p.Lr * p.Correction * mi / (MathF.Sqrt(vi) + p.Epsilon);
    }
}

/// <summary>Adam's scalars, in one kernel argument.</summary>
internal readonly record struct AdamArgs(float Lr, float Beta1, float Beta2, float Epsilon, float Correction);
