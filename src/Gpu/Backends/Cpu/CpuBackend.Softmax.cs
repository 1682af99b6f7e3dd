using System.Numerics.Tensors;

namespace ActorNet.Gpu.Backends.Cpu;

/// <summary>Softmax over a channel axis, its loss and Caffe's top-k accuracy.</summary>
internal sealed unsafe partial class CpuBackend
{
    public void SoftmaxForward(int outer, int channels, int inner, DeviceBuffer x, DeviceBuffer y)
    {
        float* px = Ptr(x, 0), py = Ptr(y, 0);
        ForRange(outer, (long)outer * channels * inner * 8, o =>
        {
            float* src = px + (long)o * channels * inner;
            float* dst = py + (long)o * channels * inner;
            if (inner == 1)
            {
                var s = new ReadOnlySpan<float>(src, channels);
                var d = new Span<float>(dst, channels);
                float max = TensorPrimitives.Max(s);
                TensorPrimitives.Subtract(s, max, d);
                TensorPrimitives.Exp(d, d);
                TensorPrimitives.Divide(d, TensorPrimitives.Sum(d), d);
                return;
            }
            for (int i = 0; i < inner; i++)
            {
                float max = float.MinValue;
                for (int c = 0; c < channels; c++)
                {
                    max = Math.Max(max, src[c * inner + i]);
                }
                float sum = 0f;
                for (int c = 0; c < channels; c++)
                {
                    float e = MathF.Exp(src[c * inner + i] - max);
                    dst[c * inner + i] = e;
                    sum += e;
                }
                for (int c = 0; c < channels; c++)
                {
                    dst[c * inner + i] /= sum;
                }
            }
        });
    }

    public void SoftmaxBackward(int outer, int channels, int inner, DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx)
    {
        float* py = Ptr(y, 0), pdy = Ptr(dy, 0), pdx = Ptr(dx, 0);
        ForRange(outer, (long)outer * channels * inner * 4, o =>
        {
            long at = (long)o * channels * inner;
            for (int i = 0; i < inner; i++)
            {
                float dot = 0f;
                for (int c = 0; c < channels; c++)
                {
                    dot += pdy[at + c * inner + i] * py[at + c * inner + i];
                }
                for (int c = 0; c < channels; c++)
                {
                    long k = at + c * inner + i;
                    pdx[k] = (pdy[k] - dot) * py[k];
                }
            }
        });
    }

    public (double Loss, int Valid) SoftmaxLoss(int outer, int channels, int inner, DeviceBuffer prob, DeviceBuffer labels,
        int? ignoreLabel)
    {
        var p = Span(prob, 0, outer * channels * inner);
        var l = Span(labels, 0, outer * inner);
        double loss = 0;
        int valid = 0;
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int label = (int)l[o * inner + i];
                if (label == ignoreLabel)
                {
                    continue;
                }
                if (label < 0 || label >= channels)
                {
                    throw new ArgumentOutOfRangeException(nameof(labels),
                        $"Label {label} at position {o * inner + i} is outside [0, {channels}).");
                }
                loss -= Math.Log(Math.Max(p[(o * channels + label) * inner + i], float.Epsilon * (1 << 23)));
                valid++;
            }
        }
        return (loss, valid);
    }

    public void SoftmaxLossBackward(int outer, int channels, int inner, DeviceBuffer prob, DeviceBuffer labels,
        int? ignoreLabel, float scale, DeviceBuffer dx)
    {
        var p = Span(prob, 0, outer * channels * inner);
        var l = Span(labels, 0, outer * inner);
        var d = Span(dx, 0, outer * channels * inner);
        p.CopyTo(d);
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int label = (int)l[o * inner + i];
                if (label == ignoreLabel)
                {
                    for (int c = 0; c < channels; c++)
                    {
                        d[(o * channels + c) * inner + i] = 0f;
                    }
                }
                else
                {
                    d[(o * channels + label) * inner + i] -= 1f;
                }
            }
        }
        TensorPrimitives.Multiply(d, scale, d);
    }

    public (int Correct, int Count) Accuracy(int outer, int channels, int inner, DeviceBuffer scores, DeviceBuffer labels,
        int topK, int? ignoreLabel)
    {
        var s = Span(scores, 0, outer * channels * inner);
        var l = Span(labels, 0, outer * inner);
        int correct = 0, count = 0;
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int label = (int)l[o * inner + i];
                if (label == ignoreLabel)
                {
                    continue;
                }
                if (label < 0 || label >= channels)
                {
                    throw new ArgumentOutOfRangeException(nameof(labels),
                        $"Label {label} at position {o * inner + i} is outside [0, {channels}).");
                }
                count++;
                float truth = s[(o * channels + label) * inner + i];
                int better = -1; // the true class itself counts once
                for (int c = 0; c < channels && better < topK; c++)
                {
                    if (s[(o * channels + c) * inner + i] >= truth)
                    {
                        better++;
                    }
                }
                if (better < topK)
                {
                    correct++;
                }
            }
        }
        return (correct, count);
    }
}
