namespace ActorNet.Gpu.Layers;

/// <summary>
/// Fraction of predictions whose label is among the top_k scores (Caffe's tie rule: scores equal to the
/// true one count as better), skipping ignore_label. Has no gradient.
/// </summary>
internal sealed class AccuracyLayer : Layer
{
    private int outer, channels, inner, topK;
    private int? ignoreLabel;

    public AccuracyLayer(LayerParameter param, LayerContext context)
        : base(param, context)
    {
    }

    public override int ExactBottoms => 2;

    public override int ExactTops => 1;

    public override bool AllowForceBackward(int bottomIndex) => false;

    public override void LayerSetup(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        var p = Param.AccuracyParam ?? new AccuracyParameter();
        topK = (int)p.TopK;
        ignoreLabel = p.HasIgnoreLabel ? p.IgnoreLabel : null;
        if (topK < 1)
        {
            throw Error("needs top_k >= 1");
        }
    }

    public override void Reshape(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        int axis = bottom[0].CanonicalAxis(Param.AccuracyParam?.Axis ?? 1);
        outer = bottom[0].CountRange(0, axis);
        channels = bottom[0].ShapeAt(axis);
        inner = bottom[0].CountFrom(axis + 1);
        if (topK > channels)
        {
            throw Error($"has top_k {topK} larger than the {channels} classes");
        }
        if (bottom[1].Count != outer * inner)
        {
            throw Error($"needs one label per prediction: {outer * inner} predictions but {bottom[1].Count} labels");
        }
        top[0].Reshape();
    }

    public override void Forward(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        var (correct, count) = Backend.Accuracy(outer, channels, inner, bottom[0].Data, bottom[1].Data, topK, ignoreLabel);
        Span<float> value = stackalloc float[] { count == 0 ? 0f : (float)correct / count };
        Backend.Upload(value, top[0].Data, 0);
    }

    public override void Backward(IReadOnlyList<Blob> top, IReadOnlyList<bool> propagateDown, IReadOnlyList<Blob> bottom)
    {
        if (propagateDown.Any(p => p))
        {
            throw Error("has no gradient");
        }
    }
}
