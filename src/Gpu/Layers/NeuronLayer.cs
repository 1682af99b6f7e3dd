namespace ActorNet.Gpu.Layers;

/// <summary>An elementwise layer: one bottom, one top of the same shape, in-place allowed.</summary>
internal abstract class NeuronLayer : Layer
{
    protected NeuronLayer(LayerParameter param, LayerContext context)
        : base(param, context)
    {
    }

    public override int ExactBottoms => 1;

    public override int ExactTops => 1;

    public override void Reshape(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top) => top[0].ReshapeLike(bottom[0]);
}
