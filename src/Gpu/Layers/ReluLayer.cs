namespace ActorNet.Gpu.Layers;

/// <summary>ReLU with Caffe's negative_slope (leaky ReLU when non-zero).</summary>
internal sealed class ReluLayer : NeuronLayer
{
    private readonly float slope;

    public ReluLayer(LayerParameter param, LayerContext context)
        : base(param, context) => slope = param.ReluParam?.NegativeSlope ?? 0f;

    public override void Forward(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top) =>
        Backend.ReluForward(bottom[0].Count, slope, bottom[0].Data, top[0].Data);

    public override void Backward(IReadOnlyList<Blob> top, IReadOnlyList<bool> propagateDown, IReadOnlyList<Blob> bottom)
    {
        if (propagateDown[0])
        {
            // In place, bottom data is the output, whose sign matches the input's: the mask is the same.
            Backend.ReluBackward(bottom[0].Count, slope, bottom[0].Data, top[0].Diff, bottom[0].Diff);
        }
    }
}
