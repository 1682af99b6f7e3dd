namespace ActorNet.Gpu.Backends.Cpu;

/// <summary>Per-parameter update rules, following Caffe's CPU ComputeUpdateValue of each solver.</summary>
internal sealed unsafe partial class CpuBackend
{
    public void SgdUpdate(int n, float lr, float momentum, DeviceBuffer diff, DeviceBuffer history)
    {
        var g = Span(diff, 0, n);
        var h = Span(history, 0, n);
        for (int i = 0; i < n; i++)
        {
            h[i] = lr * g[i] + momentum * h[i];
            g[i] = h[i];
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
