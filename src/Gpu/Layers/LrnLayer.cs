namespace ActorNet.Gpu.Layers;

/// <summary>
/// Local response normalization, ACROSS_CHANNELS (scale = k + alpha/n * window sum of squares over n
/// channels) or WITHIN_CHANNEL (Caffe's composition, scale = 1 + alpha/n^2 * sum over an n x n window);
/// top = bottom * scale^-beta. local_size must be odd, as in Caffe.
/// </summary>
internal sealed class LrnLayer : Layer
{
    private readonly Blob scale;
    private readonly Blob input;
    private int size;
    private float alpha, beta, k;
    private bool across;

    public LrnLayer(LayerParameter param, LayerContext context)
        : base(param, context)
    {
        scale = NewBlob();
        input = NewBlob();
    }

    public override int ExactBottoms => 1;

    public override int ExactTops => 1;

    public override void LayerSetup(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        var p = Param.LrnParam ?? new LRNParameter();
        size = (int)p.LocalSize;
        if (size % 2 == 0)
        {
            throw Error($"has local_size {size}; LRN supports odd sizes only");
        }
        alpha = p.Alpha;
        beta = p.Beta;
        across = p.NormRegion == LRNParameter.Types.NormRegion.AcrossChannels;
        k = across ? p.K : 1f;
        if (bottom[0].NumAxes != 4)
        {
            throw Error($"needs N x C x H x W input (got {bottom[0].ShapeString})");
        }
    }

    public override void Reshape(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        top[0].ReshapeLike(bottom[0]);
        scale.ReshapeLike(bottom[0]);
        input.ReshapeLike(bottom[0]);
    }

    public override void Forward(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        int[] s = bottom[0].Shape;
        // Keep a copy of the input so in-place use (top == bottom) still has it for Backward.
        Backend.Copy(bottom[0].Count, bottom[0].Data, 0, input.Data, 0);
        Backend.LrnForward(across, s[0], s[1], s[2], s[3], size, alpha, beta, k, input.Data, scale.Data, top[0].Data);
    }

    public override void Backward(IReadOnlyList<Blob> top, IReadOnlyList<bool> propagateDown, IReadOnlyList<Blob> bottom)
    {
        if (!propagateDown[0])
        {
            return;
        }
        int[] s = bottom[0].Shape;
        var topDiff = top[0].Diff;
        if (ReferenceEquals(top[0], bottom[0]))
        {
            // In place the kernel would overwrite gradients it still reads from neighbouring channels.
            Backend.Copy(top[0].Count, top[0].Diff, 0, input.Diff, 0);
            topDiff = input.Diff;
        }
        Backend.LrnBackward(across, s[0], s[1], s[2], s[3], size, alpha, beta, input.Data, scale.Data, top[0].Data,
            topDiff, bottom[0].Diff);
    }
}
