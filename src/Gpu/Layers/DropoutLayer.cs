namespace ActorNet.Gpu.Layers;

/// <summary>
/// Dropout: at TRAIN each unit is kept with probability 1 - ratio and scaled by 1 / (1 - ratio); at TEST
/// it is the identity (Caffe's inverted dropout).
/// </summary>
internal sealed class DropoutLayer : NeuronLayer
{
    private readonly float ratio;
    private readonly float scale;
    private Blob? mask;

    public DropoutLayer(LayerParameter param, LayerContext context)
        : base(param, context)
    {
        ratio = param.DropoutParam?.DropoutRatio ?? 0.5f;
        if (ratio < 0f || ratio >= 1f)
        {
            throw Error($"has dropout_ratio {ratio}, which must be in [0, 1)");
        }
        scale = 1f / (1f - ratio);
    }

    public override void Reshape(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        base.Reshape(bottom, top);
        mask ??= NewBlob();
        mask.ReshapeLike(bottom[0]);
    }

    public override void Forward(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        int n = bottom[0].Count;
        if (Phase == Phase.Train)
        {
            Backend.Bernoulli(n, 1f - ratio, Context.Random, mask!.Data, 0);
            Backend.Mul(n, bottom[0].Data, 0, mask.Data, 0, top[0].Data, 0);
            Backend.Scale(n, scale, top[0].Data, 0);
        }
        else
        {
            Backend.Copy(n, bottom[0].Data, 0, top[0].Data, 0);
        }
    }

    public override void Backward(IReadOnlyList<Blob> top, IReadOnlyList<bool> propagateDown, IReadOnlyList<Blob> bottom)
    {
        if (!propagateDown[0])
        {
            return;
        }
        int n = top[0].Count;
        if (Phase == Phase.Train)
        {
            Backend.Mul(n, top[0].Diff, 0, mask!.Data, 0, bottom[0].Diff, 0);
            Backend.Scale(n, scale, bottom[0].Diff, 0);
        }
        else
        {
            Backend.Copy(n, top[0].Diff, 0, bottom[0].Diff, 0);
        }
    }
}
