namespace ActorNet.Gpu.Layers;

/// <summary>Softmax over softmax_param.axis (default 1, the channels).</summary>
internal sealed class SoftmaxLayer : NeuronLayer
{
    private int outer, channels, inner;

    public SoftmaxLayer(LayerParameter param, LayerContext context)
        : base(param, context)
    {
    }

    public override void Reshape(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        base.Reshape(bottom, top);
        int axis = bottom[0].CanonicalAxis(Param.SoftmaxParam?.Axis ?? 1);
        outer = bottom[0].CountRange(0, axis);
        channels = bottom[0].ShapeAt(axis);
        inner = bottom[0].CountFrom(axis + 1);
    }

    public override void Forward(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top) =>
        Backend.SoftmaxForward(outer, channels, inner, bottom[0].Data, top[0].Data);

    public override void Backward(IReadOnlyList<Blob> top, IReadOnlyList<bool> propagateDown, IReadOnlyList<Blob> bottom)
    {
        if (propagateDown[0])
        {
            Backend.SoftmaxBackward(outer, channels, inner, top[0].Data, top[0].Diff, bottom[0].Diff);
        }
    }
}
