namespace ActorNet.Gpu.Layers;

/// <summary>Folds axes [axis, end_axis] into one; the top shares the bottom's data and diff.</summary>
internal sealed class FlattenLayer : Layer
{
    public FlattenLayer(LayerParameter param, LayerContext context)
        : base(param, context)
    {
    }

    public override int ExactBottoms => 1;

    public override int ExactTops => 1;

    public override void Reshape(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        if (ReferenceEquals(top[0], bottom[0]))
        {
            throw Error("cannot run in place");
        }
        var p = Param.FlattenParam ?? new FlattenParameter();
        int start = bottom[0].CanonicalAxis(p.Axis);
        int end = bottom[0].CanonicalAxis(p.EndAxis);
        int[] s = bottom[0].Shape;
        var shape = new List<int>(s[..start]) { bottom[0].CountRange(start, end + 1) };
        shape.AddRange(s[(end + 1)..]);
        top[0].Reshape(shape.ToArray());
        top[0].ShareData(bottom[0]);
        top[0].ShareDiff(bottom[0]);
    }

    public override void Forward(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
    }

    public override void Backward(IReadOnlyList<Blob> top, IReadOnlyList<bool> propagateDown, IReadOnlyList<Blob> bottom)
    {
    }
}
