namespace ActorNet.Gpu.Layers;

/// <summary>
/// Caffe's BatchNorm: normalizes each channel by the batch mean and variance (TRAIN) or by the stored
/// running statistics (TEST, or use_global_stats). Its three blobs (mean sum, variance sum, scale factor)
/// are statistics, not learned: their lr_mult is forced to 0 as in Caffe. Pair it with a Scale layer.
/// </summary>
internal sealed class BatchNormLayer : Layer
{
    private readonly Blob mean;      // per-channel mean used in this pass
    private readonly Blob invStd;    // per-channel 1 / sqrt(variance + eps)
    private readonly Blob work;      // per-channel scratch
    private readonly Blob normalized; // x_hat, kept for Backward (in-place safe)
    private bool useGlobalStats;
    private float movingAverageFraction, eps;
    private int num, channels, spatial;

    public BatchNormLayer(LayerParameter param, LayerContext context)
        : base(param, context)
    {
        mean = NewBlob();
        invStd = NewBlob();
        work = NewBlob();
        normalized = NewBlob();
    }

    public override int ExactBottoms => 1;

    public override int ExactTops => 1;

    public override void LayerSetup(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        var p = Param.BatchNormParam ?? new BatchNormParameter();
        useGlobalStats = p.HasUseGlobalStats ? p.UseGlobalStats : Phase == Phase.Test;
        movingAverageFraction = p.MovingAverageFraction;
        eps = p.Eps;
        int c = bottom[0].NumAxes == 1 ? 1 : bottom[0].ShapeAt(1);
        AddParam(c);
        AddParam(c);
        AddParam(1);
        foreach (var spec in Param.Param)
        {
            if (spec.LrMult != 0f)
            {
                throw Error("sets a non-zero lr_mult, but its blobs are statistics, not learned parameters");
            }
        }
        for (int i = 0; i < 3; i++)
        {
            SetParamPropagateDown(i, false);
        }
    }

    public override void Reshape(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        num = bottom[0].ShapeAt(0);
        channels = bottom[0].NumAxes == 1 ? 1 : bottom[0].ShapeAt(1);
        spatial = bottom[0].Count / Math.Max(1, num * channels);
        if (channels != Blobs[0].Count)
        {
            throw Error($"was set up for {Blobs[0].Count} channels, got {bottom[0].ShapeString}");
        }
        top[0].ReshapeLike(bottom[0]);
        normalized.ReshapeLike(bottom[0]);
        mean.Reshape(channels);
        invStd.Reshape(channels);
        work.Reshape(channels);
    }

    public override void Forward(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        int n = bottom[0].Count;
        float m = (float)num * spatial;
        if (useGlobalStats)
        {
            float factor = Blobs[2].GetData()[0];
            float scale = factor == 0f ? 0f : 1f / factor;
            Backend.Copy(channels, Blobs[0].Data, 0, mean.Data, 0);
            Backend.Scale(channels, scale, mean.Data, 0);
            Backend.Copy(channels, Blobs[1].Data, 0, invStd.Data, 0);
            Backend.Scale(channels, scale, invStd.Data, 0);
        }
        else
        {
            Backend.ChannelSum(num, channels, spatial, 1f / m, bottom[0].Data, 0, 0f, mean.Data, 0);
        }
        Backend.Copy(n, bottom[0].Data, 0, top[0].Data, 0);
        Backend.ChannelAdd(num, channels, spatial, -1f, mean.Data, 0, top[0].Data, 0);
        if (!useGlobalStats)
        {
            Backend.ChannelDot(num, channels, spatial, 1f / m, top[0].Data, 0, top[0].Data, 0, 0f, invStd.Data, 0);
            UpdateRunningStatistics(m);
        }
        Backend.AddPow(channels, eps, -0.5f, invStd.Data, 0);
        Backend.ChannelAffine(num, channels, spatial, top[0].Data, 0, invStd.Data, 0, null, 0, top[0].Data, 0);
        Backend.Copy(n, top[0].Data, 0, normalized.Data, 0);
    }

    private void UpdateRunningStatistics(float m)
    {
        // Caffe: factor = factor * maf + 1; mean_sum = mean + maf * mean_sum; var_sum = m/(m-1) * var + maf * var_sum.
        Backend.Scale(1, movingAverageFraction, Blobs[2].Data, 0);
        Span<float> one = stackalloc float[] { Blobs[2].GetData()[0] + 1f };
        Backend.Upload(one, Blobs[2].Data, 0);
        Backend.Axpby(channels, 1f, mean.Data, 0, movingAverageFraction, Blobs[0].Data, 0);
        float correction = m > 1f ? m / (m - 1f) : 1f;
        Backend.Axpby(channels, correction, invStd.Data, 0, movingAverageFraction, Blobs[1].Data, 0);
    }

    public override void Backward(IReadOnlyList<Blob> top, IReadOnlyList<bool> propagateDown, IReadOnlyList<Blob> bottom)
    {
        if (!propagateDown[0])
        {
            return;
        }
        int n = top[0].Count;
        var dx = bottom[0].Diff;
        if (!useGlobalStats)
        {
            // dx = (dy - mean(dy) - x_hat * mean(dy * x_hat)) / std, means taken per channel.
            float m = (float)num * spatial;
            Backend.ChannelDot(num, channels, spatial, 1f / m, top[0].Diff, 0, normalized.Data, 0, 0f, work.Data, 0);
            Backend.ChannelSum(num, channels, spatial, 1f / m, top[0].Diff, 0, 0f, mean.Diff, 0);
            Backend.ChannelAffine(num, channels, spatial, normalized.Data, 0, work.Data, 0, null, 0, normalized.Diff, 0);
            Backend.Copy(n, top[0].Diff, 0, dx, 0);
            Backend.Axpy(n, -1f, normalized.Diff, 0, dx, 0);
            Backend.ChannelAdd(num, channels, spatial, -1f, mean.Diff, 0, dx, 0);
        }
        else
        {
            Backend.Copy(n, top[0].Diff, 0, dx, 0);
        }
        Backend.ChannelAffine(num, channels, spatial, dx, 0, invStd.Data, 0, null, 0, dx, 0);
    }
}
