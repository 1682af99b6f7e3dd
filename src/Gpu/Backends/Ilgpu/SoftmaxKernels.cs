using ILGPU;

namespace ActorNet.Gpu.Backends.Ilgpu;

/// <summary>Kernel bodies of softmax, its loss and Caffe's top-k accuracy: one thread per (outer, inner) position.</summary>
internal static class SoftmaxKernels
{
    /// <summary>Status a position's loss or accuracy thread writes for a label outside [0, channels).</summary>
    public const float BadLabel = -2f;

    /// <summary>Status of a position whose label is the ignore label.</summary>
    public const float Ignored = -1f;

    public static void Forward(Index1D thread, int count, int stride, int channels, int inner, ArrayView<float> x, ArrayView<float> y)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D k = element;
            int o = k.X / inner, i = k.X - o * inner;
            int at = o * channels * inner + i;
            float max = float.MinValue;
            for (int c = 0; c < channels; c++)
            {
                float v = x[at + c * inner];
                max = v > max ? v : max;
            }
            float sum = 0f;
            for (int c = 0; c < channels; c++)
            {
                float e = MathF.Exp(x[at + c * inner] - max);
                y[at + c * inner] = e;
                sum += e;
            }
            for (int c = 0; c < channels; c++)
            {
                y[at + c * inner] /= sum;
            }
        }
    }

    public static void Backward(Index1D thread, int count, int stride, int channels, int inner, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D k = element;
            int o = k.X / inner, i = k.X - o * inner;
            int at = o * channels * inner + i;
            float dot = 0f;
            for (int c = 0; c < channels; c++)
            {
                dot += dy[at + c * inner] * y[at + c * inner];
            }
            for (int c = 0; c < channels; c++)
            {
                dx[at + c * inner] = (dy[at + c * inner] - dot) * y[at + c * inner];
            }
        }
    }

    /// <summary>
    /// result[position] = max(prob[label], FLT_MIN), or <see cref="Ignored"/> / <see cref="BadLabel"/>; the host takes the
    /// logs in double and sums them in position order, as the CPU backend does.
    /// </summary>
    public static void LossPositions(Index1D thread, int count, int stride, LabelArgs p, ArrayView<float> prob, ArrayView<float> labels, ArrayView<float> result)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D k = element;
            int o = k.X / p.Inner, i = k.X - o * p.Inner;
            int label = (int)labels[k];
            if (p.HasIgnore != 0 && label == p.IgnoreLabel)
            {
                result[k] = Ignored;
                continue;
            }
            if (label < 0 || label >= p.Channels)
            {
                result[k] = BadLabel;
                continue;
            }
            float v = prob[(o * p.Channels + label) * p.Inner + i];
            const float FloatMin = 1.17549435E-38f;
            result[k] = v > FloatMin ? v : FloatMin;
        }
    }

    /// <summary>dx = scale * (prob - onehot(label)), zero at ignored positions.</summary>
    public static void LossBackward(Index1D thread, int count, int stride, LabelArgs p, float scale, ArrayView<float> prob, ArrayView<float> labels, ArrayView<float> dx)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D k = element;
            int o = k.X / p.Inner, i = k.X - o * p.Inner;
            int label = (int)labels[k];
            bool ignored = p.HasIgnore != 0 && label == p.IgnoreLabel;
            for (int c = 0; c < p.Channels; c++)
            {
                int at = (o * p.Channels + c) * p.Inner + i;
                dx[at] = ignored ? 0f : ((c == label ? prob[at] - 1f : prob[at]) * scale);
            }
        }
    }

    /// <summary>result = 1 when fewer than topK classes score at least the true one (the true class counts once), else 0; or a status.</summary>
    public static void Accuracy(Index1D thread, int count, int stride, LabelArgs p, int topK, ArrayView<float> scores, ArrayView<float> labels, ArrayView<float> result)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D k = element;
            int o = k.X / p.Inner, i = k.X - o * p.Inner;
            int label = (int)labels[k];
            if (p.HasIgnore != 0 && label == p.IgnoreLabel)
            {
                result[k] = Ignored;
                continue;
            }
            if (label < 0 || label >= p.Channels)
            {
                result[k] = BadLabel;
                continue;
            }
            float truth = scores[(o * p.Channels + label) * p.Inner + i];
            int better = -1;
            for (int c = 0; c < p.Channels && better < topK; c++)
            {
                if (scores[(o * p.Channels + c) * p.Inner + i] >= truth)
                {
                    better++;
                }
            }
            result[k] = better < topK ? 1f : 0f;
        }
    }
}

/// <summary>Shape and ignore label of a labelled softmax kernel, in one kernel argument.</summary>
internal readonly record struct LabelArgs(int Channels, int Inner, int IgnoreLabel, int HasIgnore);
