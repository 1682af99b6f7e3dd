using ActorNet.Gpu.Fillers;

namespace ActorNet.Gpu.Layers;

/// <summary>
/// Fully connected layer: axes before <c>axis</c> are the batch (M), the rest are flattened (K);
/// weights are N x K (K x N with transpose), plus an optional bias of N.
/// </summary>
internal sealed class InnerProductLayer : Layer
{
    private int numOutput, axis, m, k;
    private bool biasTerm, transpose;

    public InnerProductLayer(LayerParameter param, LayerContext context)
        : base(param, context)
    {
    }

    public override int ExactBottoms => 1;

    public override int ExactTops => 1;

    public override void LayerSetup(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        var p = Param.InnerProductParam ?? new InnerProductParameter();
        numOutput = (int)p.NumOutput;
        if (numOutput <= 0)
        {
            throw Error("needs num_output > 0");
        }
        biasTerm = p.BiasTerm;
        transpose = p.Transpose;
        axis = bottom[0].CanonicalAxis(p.Axis);
        k = bottom[0].CountFrom(axis);
        Filler.Fill(p.WeightFiller ?? new FillerParameter(), transpose ? AddParam(k, numOutput) : AddParam(numOutput, k), Context.Random);
        if (biasTerm)
        {
            Filler.Fill(p.BiasFiller ?? new FillerParameter(), AddParam(numOutput), Context.Random);
        }
    }

    public override void Reshape(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        if (bottom[0].CountFrom(axis) != k)
        {
            throw Error($"expects {k} inputs per example after axis {axis}, got shape {bottom[0].ShapeString}");
        }
        m = bottom[0].CountRange(0, axis);
        int[] shape = bottom[0].Shape[..(axis + 1)];
        shape[axis] = numOutput;
        top[0].Reshape(shape);
    }

    public override void Forward(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        Backend.Gemm(false, !transpose, m, numOutput, k, 1f, bottom[0].Data, 0, Blobs[0].Data, 0, 0f, top[0].Data, 0);
        if (biasTerm)
        {
            Backend.ChannelAdd(m, numOutput, 1, 1f, Blobs[1].Data, 0, top[0].Data, 0);
        }
    }

    public override void Backward(IReadOnlyList<Blob> top, IReadOnlyList<bool> propagateDown, IReadOnlyList<Blob> bottom)
    {
        if (ParamPropagateDown[0])
        {
            if (transpose)
            {
                Backend.Gemm(true, false, k, numOutput, m, 1f, bottom[0].Data, 0, top[0].Diff, 0, 1f, Blobs[0].Diff, 0);
            }
            else
            {
                Backend.Gemm(true, false, numOutput, k, m, 1f, top[0].Diff, 0, bottom[0].Data, 0, 1f, Blobs[0].Diff, 0);
            }
        }
        if (biasTerm && ParamPropagateDown[1])
        {
            Backend.ChannelSum(m, numOutput, 1, 1f, top[0].Diff, 0, 1f, Blobs[1].Diff, 0);
        }
        if (propagateDown[0])
        {
            Backend.Gemm(false, transpose, m, k, numOutput, 1f, top[0].Diff, 0, Blobs[0].Data, 0, 0f, bottom[0].Diff, 0);
        }
    }
}
