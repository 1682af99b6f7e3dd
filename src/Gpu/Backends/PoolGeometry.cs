namespace ActorNet.Gpu.Backends;

/// <summary>Pooling method, as Caffe's PoolingParameter.PoolMethod.</summary>
internal enum PoolMethod
{
    /// <summary>Maximum over the window.</summary>
    Max,

    /// <summary>Average over the window, dividing by the padded window size.</summary>
    Average,
}

/// <summary>
/// Shape of a 2-D pooling over planes of Height x Width. The output size rounds up and the last window is
/// dropped when it would start inside the padding, exactly as Caffe's PoolingLayer::Reshape.
/// </summary>
internal readonly record struct PoolGeometry(
    int Height, int Width, int KernelH, int KernelW, int PadH, int PadW, int StrideH, int StrideW)
{
    /// <summary>Pooled height (ceil rounding, clipped).</summary>
    public int OutH => PooledSize(Height, KernelH, PadH, StrideH);

    /// <summary>Pooled width (ceil rounding, clipped).</summary>
    public int OutW => PooledSize(Width, KernelW, PadW, StrideW);

    private static int PooledSize(int size, int kernel, int pad, int stride)
    {
        int pooled = (int)Math.Ceiling((double)(size + 2 * pad - kernel) / stride) + 1;
        if (pad > 0 && (pooled - 1) * stride >= size + pad)
        {
            pooled--;
        }
        return pooled;
    }
}
