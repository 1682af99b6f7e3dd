using ActorNet.Gpu.Fillers;

namespace ActorNet.Gpu.Layers;

/// <summary>
/// Multiplies by a learned scale over axes [axis, axis + num_axes) (broadcast over the others), plus an
/// optional learned bias: Caffe's Scale layer with one bottom. The scale fills with 1 unless a filler is given.
/// </summary>
internal sealed class ScaleLayer : Layer
{
    private readonly Blob input;
    private int outer, dim, inner, axis, numAxes;
    private bool biasTerm;

    public ScaleLayer(LayerParameter param, LayerContext context)
        : base(param, context) => input = NewBlob();

    public override int MinBottoms => 1;

    public override int MaxBottoms => 1;

    public override int ExactTops => 1;

    public override void LayerSetup(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        var p = Param.ScaleParam ?? new ScaleParameter();
        axis = bottom[0].CanonicalAxis(p.Axis);
        numAxes = p.NumAxes;
        if (numAxes < -1 || axis + numAxes > bottom[0].NumAxes)
        {
            throw Error($"has num_axes {numAxes} beyond the {bottom[0].NumAxes} axes of the bottom from axis {axis}");
        }
        int end = numAxes == -1 ? bottom[0].NumAxes : axis + numAxes;
        int[] shape = bottom[0].Shape[axis..end];
        Filler.Fill(p.Filler ?? new FillerParameter { Type = "constant", Value = 1f }, AddParam(shape), Context.Random);
        biasTerm = p.BiasTerm;
        if (biasTerm)
        {
            Filler.Fill(p.BiasFiller ?? new FillerParameter(), AddParam(shape), Context.Random);
        }
    }

    public override void Reshape(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        int end = numAxes == -1 ? bottom[0].NumAxes : axis + numAxes;
        outer = bottom[0].CountRange(0, axis);
        dim = bottom[0].CountRange(axis, end);
        inner = bottom[0].CountFrom(end);
        if (dim != Blobs[0].Count)
        {
            throw Error($"has a scale of {Blobs[0].Count} values but the bottom {bottom[0].ShapeString} needs {dim}");
        }
        top[0].ReshapeLike(bottom[0]);
        input.ReshapeLike(bottom[0]);
    }

    public override void Forward(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        // Keep the input: in place, the scale's gradient still needs it.
        Backend.Copy(bottom[0].Count, bottom[0].Data, 0, input.Data, 0);
        Backend.ChannelAffine(outer, dim, inner, input.Data, 0, Blobs[0].Data, 0, biasTerm ? Blobs[1].Data : null, 0,
            top[0].Data, 0);
    }

    public override void Backward(IReadOnlyList<Blob> top, IReadOnlyList<bool> propagateDown, IReadOnlyList<Blob> bottom)
    {
        if (ParamPropagateDown[0])
        {
            Backend.ChannelDot(outer, dim, inner, 1f, top[0].Diff, 0, input.Data, 0, 1f, Blobs[0].Diff, 0);
        }
        if (biasTerm && ParamPropagateDown[1])
        {
            Backend.ChannelSum(outer, dim, inner, 1f, top[0].Diff, 0, 1f, Blobs[1].Diff, 0);
        }
        if (propagateDown[0])
        {
            Backend.ChannelAffine(outer, dim, inner, top[0].Diff, 0, Blobs[0].Data, 0, null, 0, bottom[0].Diff, 0);
        }
    }
}
