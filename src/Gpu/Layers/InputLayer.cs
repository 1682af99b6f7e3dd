namespace ActorNet.Gpu.Layers;

/// <summary>
/// Tops filled by the caller (what SparkNet's RDDLayer was): shapes from input_param, one per top or one
/// shared by all; Forward and Backward do nothing.
/// </summary>
internal sealed class InputLayer : Layer
{
    public InputLayer(LayerParameter param, LayerContext context)
        : base(param, context)
    {
    }

    public override int ExactBottoms => 0;

    public override int MinTops => 1;

    public override void LayerSetup(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        var shapes = Param.InputParam?.Shape ?? new Google.Protobuf.Collections.RepeatedField<BlobShape>();
        if (shapes.Count != 1 && shapes.Count != top.Count)
        {
            throw Error($"has {shapes.Count} input_param shapes for {top.Count} tops (give one, or one per top)");
        }
        for (int i = 0; i < top.Count; i++)
        {
            var dims = shapes[shapes.Count == 1 ? 0 : i].Dim;
            top[i].Reshape(dims.Select(d => checked((int)d)).ToArray());
        }
    }

    public override void Reshape(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
    }

    public override void Forward(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
    }

    public override void Backward(IReadOnlyList<Blob> top, IReadOnlyList<bool> propagateDown, IReadOnlyList<Blob> bottom)
    {
    }
}
