using ILGPU;

namespace ActorNet.Gpu.Backends.Ilgpu;

/// <summary>Kernel bodies of the solvers' update rules (Caffe's ComputeUpdateValue), one thread per parameter.</summary>
internal static class SolverKernels
{
    public static void Sgd(Index1D thread, int count, int stride, float lr, float momentum, ArrayView<float> g, ArrayView<float> h)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            float v = lr * g[i] + momentum * h[i];
            h[i] = v;
            g[i] = v;
        }
    }

    public static void Nesterov(Index1D thread, int count, int stride, float lr, float momentum, ArrayView<float> g, ArrayView<float> h)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            float previous = h[i];
            float v = momentum * previous + lr * g[i];
            h[i] = v;
            g[i] = (1f + momentum) * v - momentum * previous;
        }
    }

    public static void AdaGrad(Index1D thread, int count, int stride, float lr, float delta, ArrayView<float> g, ArrayView<float> h)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            float gi = g[i];
            float hi = h[i] + gi * gi;
            h[i] = hi;
            g[i] = lr * gi / (MathF.Sqrt(hi) + delta);
        }
    }

    public static void RmsProp(Index1D thread, int count, int stride, float lr, float decay, float delta, ArrayView<float> g, ArrayView<float> h)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            float gi = g[i];
            float hi = decay * h[i] + (1f - decay) * gi * gi;
            h[i] = hi;
            g[i] = lr * gi / (MathF.Sqrt(hi) + delta);
        }
    }

    public static void AdaDelta(Index1D thread, int count, int stride, float lr, float momentum, float delta, ArrayView<float> g, ArrayView<float> h, ArrayView<float> u)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            float gi = g[i];
            float hi = momentum * h[i] + (1f - momentum) * gi * gi;
            h[i] = hi;
            float step = gi * MathF.Sqrt((u[i] + delta) / (hi + delta));
            u[i] = momentum * u[i] + (1f - momentum) * step * step;
            g[i] = lr * step;
        }
    }

    public static void Adam(Index1D thread, int count, int stride, AdamArgs p, ArrayView<float> g, ArrayView<float> m, ArrayView<float> v)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            float gi = g[i];
            float mi = p.Beta1 * m[i] + (1f - p.Beta1) * gi;
            float vi = p.Beta2 * v[i] + (1f - p.Beta2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            g[i] = p.Lr * p.Correction * mi / (MathF.Sqrt(vi) + p.Epsilon);
        }
    }
}

/// <summary>Adam's scalars, in one kernel argument.</summary>
internal readonly record struct AdamArgs(float Lr, float Beta1, float Beta2, float Epsilon, float Correction);
