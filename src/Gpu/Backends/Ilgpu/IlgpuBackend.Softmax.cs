using ILGPU;
using ILGPU.Runtime;

namespace ActorNet.Gpu.Backends.Ilgpu;

/// <summary>Softmax, its loss and top-k accuracy; the loss and accuracy come back as host values.</summary>
internal sealed partial class IlgpuBackend
{
    private DeviceBuffer? positionScratch;

    public void SoftmaxForward(int outer, int channels, int inner, DeviceBuffer x, DeviceBuffer y)
    {
        if (outer * inner <= 0) return;
        lock (Enter())
        {
            Kernel("softmax", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, int, int, ArrayView<float>, ArrayView<float>>(SoftmaxKernels.Forward))(
                Extent(outer * inner), outer * inner, Extent(outer * inner), channels, inner, V(x), V(y));
        }
    }

    public void SoftmaxBackward(int outer, int channels, int inner, DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx)
    {
        if (outer * inner <= 0) return;
        lock (Enter())
        {
            Kernel("softmax-back", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, int, int, ArrayView<float>, ArrayView<float>, ArrayView<float>>(SoftmaxKernels.Backward))(
                Extent(outer * inner), outer * inner, Extent(outer * inner), channels, inner, V(y), V(dy), V(dx));
        }
    }

    public (double Loss, int Valid) SoftmaxLoss(int outer, int channels, int inner, DeviceBuffer prob, DeviceBuffer labels,
        int? ignoreLabel)
    {
        var positions = PerPosition("softmax-loss", SoftmaxKernels.LossPositions, outer, channels, inner, prob, labels, ignoreLabel, 0);
        double loss = 0;
        int valid = 0;
        for (int k = 0; k < positions.Length; k++)
        {
            float v = positions[k];
            if (v == SoftmaxKernels.Ignored)
            {
                continue;
            }
            CheckLabel(v, k, labels, channels);
            loss -= Math.Log(v);
            valid++;
        }
        return (loss, valid);
    }

    public void SoftmaxLossBackward(int outer, int channels, int inner, DeviceBuffer prob, DeviceBuffer labels,
        int? ignoreLabel, float scale, DeviceBuffer dx)
    {
        if (outer * inner <= 0) return;
        lock (Enter())
        {
            Kernel("softmax-loss-back", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, LabelArgs, float, ArrayView<float>, ArrayView<float>, ArrayView<float>>(SoftmaxKernels.LossBackward))(
                Extent(outer * inner), outer * inner, Extent(outer * inner), Labels(channels, inner, ignoreLabel), scale, V(prob), V(labels), V(dx));
        }
    }

    public (int Correct, int Count) Accuracy(int outer, int channels, int inner, DeviceBuffer scores, DeviceBuffer labels,
        int topK, int? ignoreLabel)
    {
        var positions = PerPosition("accuracy", null, outer, channels, inner, scores, labels, ignoreLabel, topK);
        int correct = 0, count = 0;
        for (int k = 0; k < positions.Length; k++)
        {
            float v = positions[k];
            if (v == SoftmaxKernels.Ignored)
            {
                continue;
            }
            CheckLabel(v, k, labels, channels);
            count++;
            correct += v == 1f ? 1 : 0;
        }
        return (correct, count);
    }

    private static LabelArgs Labels(int channels, int inner, int? ignoreLabel) =>
        new(channels, inner, ignoreLabel ?? 0, ignoreLabel is null ? 0 : 1);

    /// <summary>Runs a per-position kernel (the loss's when <paramref name="loss"/> is given, else accuracy's) and downloads its results.</summary>
    private float[] PerPosition(string key, Action<Index1D, int, int, LabelArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>>? loss,
        int outer, int channels, int inner, DeviceBuffer values, DeviceBuffer labels, int? ignoreLabel, int topK)
    {
        int n = outer * inner;
        var host = new float[Math.Max(0, n)];
        if (n <= 0) return host;
        lock (Enter())
        {
            var scratch = Scratch(ref positionScratch, n);
            var args = Labels(channels, inner, ignoreLabel);
            if (loss is not null)
            {
                Kernel(key, a => a.LoadAutoGroupedStreamKernel(loss))(Extent(n), n, Extent(n), args, V(values), V(labels), V(scratch));
            }
            else
            {
                Kernel(key, a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, LabelArgs, int, ArrayView<float>, ArrayView<float>, ArrayView<float>>(SoftmaxKernels.Accuracy))(
                    Extent(n), n, Extent(n), args, topK, V(values), V(labels), V(scratch));
            }
            Download(scratch, 0, host);
        }
        return host;
    }

    private void CheckLabel(float status, int position, DeviceBuffer labels, int channels)
    {
        if (status != SoftmaxKernels.BadLabel)
        {
            return;
        }
        var label = new float[1];
        Download(labels, position, label);
        throw new ArgumentOutOfRangeException(nameof(labels),
            $"Label {(int)label[0]} at position {position} is outside [0, {channels}).");
    }
}
