using System.Runtime.Intrinsics;

namespace ActorNet.Gpu.Backends.Cpu;

/// <summary>Per-parameter update rules, following Caffe's CPU ComputeUpdateValue of each solver.</summary>
internal sealed unsafe partial class CpuBackend
{
    public void SgdUpdate(int n, float lr, float momentum, DeviceBuffer diff, DeviceBuffer history)
    {
        float* g = Ptr(diff, 0), h = Ptr(history, 0);
        Chunked(n, (from, count) => SgdRange(g + from, h + from, count, lr, momentum));
    }

    // history = lr * gradient + momentum * history; gradient = history. Multiplies and adds stay unfused, as in the
    // scalar tail, so every element rounds alike whichever loop computes it.
    private static void SgdRange(float* g, float* h, int n, float lr, float momentum)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var rate = Vector256.Create(lr);
            var keep = Vector256.Create(momentum);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var step = rate * Vector256.Load(g + i) + keep * Vector256.Load(h + i);
                step.Store(h + i);
                step.Store(g + i);
            }
        }
        for (; i < n; i++)
        {
            float step = lr * g[i] + momentum * h[i];
            h[i] = step;
            g[i] = step;
        }
    }

    public void NesterovUpdate(int n, float lr, float momentum, DeviceBuffer diff, DeviceBuffer history)
    {
        var g = Span(diff, 0, n);
        var h = Span(history, 0, n);
        for (int i = 0; i < n; i++)
        {
            float previous = h[i];
            h[i] = momentum * previous + lr * g[i];
            g[i] = (1f + momentum) * h[i] - momentum * previous;
        }
    }

    public void AdaGradUpdate(int n, float lr, float delta, DeviceBuffer diff, DeviceBuffer history)
    {
        var g = Span(diff, 0, n);
        var h = Span(history, 0, n);
        for (int i = 0; i < n; i++)
        {
            h[i] += g[i] * g[i];
            g[i] = lr * g[i] / (MathF.Sqrt(h[i]) + delta);
        }
    }

    public void RmsPropUpdate(int n, float lr, float rmsDecay, float delta, DeviceBuffer diff, DeviceBuffer history)
    {
        var g = Span(diff, 0, n);
        var h = Span(history, 0, n);
        for (int i = 0; i < n; i++)
        {
            h[i] = rmsDecay * h[i] + (1f - rmsDecay) * g[i] * g[i];
            g[i] = lr * g[i] / (MathF.Sqrt(h[i]) + delta);
        }
    }

    public void AdaDeltaUpdate(int n, float lr, float momentum, float delta, DeviceBuffer diff, DeviceBuffer history,
        DeviceBuffer updateHistory)
    {
        var g = Span(diff, 0, n);
        var h = Span(history, 0, n);
        var u = Span(updateHistory, 0, n);
        for (int i = 0; i < n; i++)
        {
            h[i] = momentum * h[i] + (1f - momentum) * g[i] * g[i];
            float step = g[i] * MathF.Sqrt((u[i] + delta) / (h[i] + delta));
            u[i] = momentum * u[i] + (1f - momentum) * step * step;
            g[i] = lr * step;
        }
    }

    public void AdamUpdate(int n, float lr, float beta1, float beta2, float epsilon, float correction, DeviceBuffer diff,
        DeviceBuffer m, DeviceBuffer v)
    {
        var g = Span(diff, 0, n);
        var ms = Span(m, 0, n);
        var vs = Span(v, 0, n);
        for (int i = 0; i < n; i++)
        {
            ms[i] = beta1 * ms[i] + (1f - beta1) * g[i];
            vs[i] = beta2 * vs[i] + (1f - beta2) * g[i] * g[i];
            g[i] = lr * correction * ms[i] / (MathF.Sqrt(vs[i]) + epsilon);
        }
    }
}
