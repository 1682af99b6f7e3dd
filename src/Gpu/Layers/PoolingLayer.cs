using ActorNet.Gpu.Backends;

namespace ActorNet.Gpu.Layers;

/// <summary>
/// MAX / AVE / global pooling with Caffe's output size (rounded up unless round_mode FLOOR, last window
/// dropped when it starts in the padding) and AVE dividing by the padded window size.
/// </summary>
internal sealed class PoolingLayer : Layer
{
    private PoolGeometry geometry;
    private PoolMethod method;
    private Blob? mask;
    private int kernelH, kernelW, padH, padW, strideH, strideW;
    private bool global;
    private bool floor;

    public PoolingLayer(LayerParameter param, LayerContext context)
        : base(param, context)
    {
    }

    public override int ExactBottoms => 1;

    public override int ExactTops => 1;

    public override void LayerSetup(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        var p = Param.PoolingParam ?? new PoolingParameter();
        method = p.Pool switch
        {
            PoolingParameter.Types.PoolMethod.Max => PoolMethod.Max,
            PoolingParameter.Types.PoolMethod.Ave => PoolMethod.Average,
            _ => throw Error($"uses pool method {p.Pool}, which is not supported (MAX and AVE are)"),
        };
        if (bottom[0].NumAxes != 4)
        {
            throw Error($"pools N x C x H x W bottoms only (got {bottom[0].ShapeString})");
        }
        global = p.GlobalPooling;
        floor = p.RoundMode == PoolingParameter.Types.RoundMode.Floor;
        if (global)
        {
            if (p.HasKernelSize || p.HasKernelH || p.HasKernelW)
            {
                throw Error("sets a kernel size together with global_pooling");
            }
        }
        else if (p.HasKernelSize == (p.HasKernelH || p.HasKernelW))
        {
            throw Error("needs either kernel_size or kernel_h and kernel_w");
        }
        kernelH = p.HasKernelSize ? (int)p.KernelSize : (int)p.KernelH;
        kernelW = p.HasKernelSize ? (int)p.KernelSize : (int)p.KernelW;
        padH = p.HasPadH ? (int)p.PadH : (int)p.Pad;
        padW = p.HasPadW ? (int)p.PadW : (int)p.Pad;
        strideH = p.HasStrideH ? (int)p.StrideH : (int)p.Stride;
        strideW = p.HasStrideW ? (int)p.StrideW : (int)p.Stride;
        if (global && (padH != 0 || padW != 0 || strideH != 1 || strideW != 1))
        {
            throw Error("uses global_pooling, which needs pad 0 and stride 1");
        }
        if (!global && (kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0))
        {
            throw Error("needs positive kernel and stride");
        }
        if (padH >= Math.Max(kernelH, 1) && !global || padW >= Math.Max(kernelW, 1) && !global)
        {
            throw Error($"has padding ({padH}, {padW}) not smaller than the kernel ({kernelH}, {kernelW})");
        }
    }

    public override void Reshape(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top)
    {
        int[] s = bottom[0].Shape;
        int kh = global ? s[2] : kernelH, kw = global ? s[3] : kernelW;
        geometry = new PoolGeometry(s[2], s[3], kh, kw, padH, padW, strideH, strideW, floor);
        if (geometry.OutH <= 0 || geometry.OutW <= 0)
        {
            throw Error($"kernel {kh}x{kw} does not fit the {s[2]}x{s[3]} input");
        }
        top[0].Reshape(s[0], s[1], geometry.OutH, geometry.OutW);
        if (method == PoolMethod.Max)
        {
            mask ??= NewBlob();
            mask.ReshapeLike(top[0]);
        }
    }

    public override void Forward(IReadOnlyList<Blob> bottom, IReadOnlyList<Blob> top) =>
        Backend.PoolForward(geometry, method, bottom[0].CountRange(0, 2), bottom[0].Data, top[0].Data, mask?.Data);

    public override void Backward(IReadOnlyList<Blob> top, IReadOnlyList<bool> propagateDown, IReadOnlyList<Blob> bottom)
    {
        if (propagateDown[0])
        {
            Backend.PoolBackward(geometry, method, bottom[0].CountRange(0, 2), top[0].Diff, mask?.Data, bottom[0].Diff);
        }
    }
}
