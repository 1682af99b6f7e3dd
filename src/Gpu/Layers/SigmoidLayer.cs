namespace ActorNet.Gpu.Layers;

/// <summary>Logistic sigmoid; the gradient uses the output, so in-place works.</summary>
internal sealed class SigmoidLayer : NeuronLayer
{
    public SigmoidLayer(LayerParameter param, LayerContext context)
        : base(param, context)
    {
    }

    public override void Forward(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top) =>
        Backend.SigmoidForward(bottom[0].Count, bottom[0].Data, top[0].Data);

    public override void Backward(IReadOnlyList<Blob> top, IReadOnlyList<bool> propagateDown, IReadOnlyList<Blob> bottom)
    {
        if (propagateDown[0])
        {
            Backend.SigmoidBackward(top[0].Count, top[0].Data, top[0].Diff, bottom[0].Diff);
        }
    }
}
