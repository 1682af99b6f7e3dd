using ActorNet.Gpu.Backends;
using ActorNet.Gpu.Fillers;

namespace ActorNet.Gpu.Layers;

/// <summary>
/// 2-D convolution with Caffe's semantics: per-axis kernel/stride/pad/dilation, groups, optional bias;
/// weights are [num_output, channels/group, kh, kw]. Several bottom/top pairs share the same weights.
/// </summary>
internal sealed class ConvolutionLayer : Layer
{
    private ConvGeometry geometry;
    private int kernelH, kernelW, padH, padW, strideH, strideW, dilationH, dilationW, numOutput, group;
    private bool biasTerm;

    public ConvolutionLayer(LayerParameter param, LayerContext context)
        : base(param, context)
    {
    }

    public override int MinBottoms => 1;

    public override int MinTops => 1;

    public override void LayerSetup(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        var p = Param.ConvolutionParam ?? new ConvolutionParameter();
        if (bottom[0].NumAxes != 4)
        {
            throw Error($"supports 2-D convolution of N x C x H x W bottoms only (got {bottom[0].ShapeString})");
        }
        if (p.Axis != 1)
        {
            throw Error($"supports axis 1 only (got axis {p.Axis})");
        }
        (kernelH, kernelW) = PerAxis("kernel", p.KernelSize, p.HasKernelH ? (int)p.KernelH : -1, p.HasKernelW ? (int)p.KernelW : -1, -1);
        if (kernelH <= 0 || kernelW <= 0)
        {
            throw Error("needs a positive kernel_size (or kernel_h and kernel_w)");
        }
        (padH, padW) = PerAxis("pad", p.Pad, p.HasPadH ? (int)p.PadH : -1, p.HasPadW ? (int)p.PadW : -1, 0);
        (strideH, strideW) = PerAxis("stride", p.Stride, p.HasStrideH ? (int)p.StrideH : -1, p.HasStrideW ? (int)p.StrideW : -1, 1);
        (dilationH, dilationW) = PerAxis("dilation", p.Dilation, -1, -1, 1);
        if (strideH <= 0 || strideW <= 0 || dilationH <= 0 || dilationW <= 0)
        {
            throw Error("needs stride and dilation of at least 1");
        }
        numOutput = (int)p.NumOutput;
        group = (int)p.Group;
        int channels = bottom[0].ShapeAt(1);
        if (numOutput <= 0)
        {
            throw Error("needs num_output > 0");
        }
        if (group <= 0 || channels % group != 0 || numOutput % group != 0)
        {
            throw Error($"has group {group}, which must divide both the {channels} input channels and num_output {numOutput}");
        }
        biasTerm = p.BiasTerm;
        Filler.Fill(p.WeightFiller ?? new FillerParameter(), AddParam(numOutput, channels / group, kernelH, kernelW), Context.Random);
        if (biasTerm)
        {
            Filler.Fill(p.BiasFiller ?? new FillerParameter(), AddParam(numOutput), Context.Random);
        }
    }

    private (int H, int W) PerAxis(string name, IList<uint> values, int h, int w, int fallback)
    {
        if (h >= 0 || w >= 0)
        {
            if (values.Count > 0)
            {
                throw Error($"sets both {name}_size/{name} and {name}_h/{name}_w");
            }
            return (h >= 0 ? h : fallback, w >= 0 ? w : fallback);
        }
        return values.Count switch
        {
            0 => (fallback, fallback),
            1 => ((int)values[0], (int)values[0]),
            2 => ((int)values[0], (int)values[1]),
            _ => throw Error($"has {values.Count} {name} values for 2 spatial axes"),
        };
    }

    public override void Reshape(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        if (top.Count != bottom.Count)
        {
            throw Error($"needs one top per bottom (got {bottom.Count} bottoms, {top.Count} tops)");
        }
        int[] shape = bottom[0].Shape;
        geometry = new ConvGeometry(shape[1], shape[2], shape[3], numOutput, group,
            kernelH, kernelW, padH, padW, strideH, strideW, dilationH, dilationW);
        if (geometry.OutH <= 0 || geometry.OutW <= 0)
        {
            throw Error($"kernel does not fit the {shape[2]}x{shape[3]} input");
        }
        for (int i = 0; i < bottom.Count; i++)
        {
            if (!bottom[i].Shape.AsSpan().SequenceEqual(shape))
            {
                throw Error($"needs all bottoms of one shape ({bottom[0].ShapeString} vs {bottom[i].ShapeString})");
            }
            top[i].Reshape(shape[0], numOutput, geometry.OutH, geometry.OutW);
        }
    }

    public override void Forward(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        for (int i = 0; i < bottom.Count; i++)
        {
            Backend.ConvolutionForward(geometry, bottom[i].ShapeAt(0), bottom[i].Data, Blobs[0].Data,
                biasTerm ? Blobs[1].Data : null, top[i].Data);
        }
    }

    public override void Backward(IReadOnlyList<Blob> top, IReadOnlyList<bool> propagateDown, IReadOnlyList<Blob> bottom)
    {
        for (int i = 0; i < bottom.Count; i++)
        {
            Backend.ConvolutionBackward(geometry, bottom[i].ShapeAt(0), bottom[i].Data, Blobs[0].Data, top[i].Diff,
                ParamPropagateDown[0] ? Blobs[0].Diff : null,
                biasTerm && ParamPropagateDown[1] ? Blobs[1].Diff : null,
                propagateDown[i] ? bottom[i].Diff : null);
        }
    }
}
