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
/// dropped when it would start inside the padding, exactly as Caffe's PoolingLayer::Reshape (Floor: round_mode FLOOR).
/// </summary>
internal readonly record struct PoolGeometry(
    int Height, int Width, int KernelH, int KernelW, int PadH, int PadW, int StrideH, int StrideW, bool Floor = false)
{
    /// <summary>Pooled height (ceil rounding, clipped).</summary>
    public int OutH => PooledSize(Height, KernelH, PadH, StrideH, Floor);

    /// <summary>Pooled width (ceil rounding, clipped).</summary>
    public int OutW => PooledSize(Width, KernelW, PadW, StrideW, Floor);

    /// <summary>
    /// The input window of output (ph, pw) for AVE pooling, clipped to the input, and the divisor Caffe
    /// uses: the window's size clipped to the padded input (so padding counts, the overhang past it does not).
    /// </summary>
    public int AveWindow(int ph, int pw, out int hstart, out int hend, out int wstart, out int wend)
    {
        hstart = ph * StrideH - PadH;
        hend = Math.Min(hstart + KernelH, Height + PadH);
        wstart = pw * StrideW - PadW;
        wend = Math.Min(wstart + KernelW, Width + PadW);
        int poolSize = (hend - hstart) * (wend - wstart);
        hstart = Math.Max(hstart, 0);
        hend = Math.Min(hend, Height);
        wstart = Math.Max(wstart, 0);
        wend = Math.Min(wend, Width);
        return poolSize;
    }

    private static int PooledSize(int size, int kernel, int pad, int stride, bool floor)
    {
        double steps = (double)(size + 2 * pad - kernel) / stride;
        int pooled = (int)(floor ? Math.Floor(steps) : Math.Ceiling(steps)) + 1;
        if (pad > 0 && (pooled - 1) * stride >= size + pad)
        {
            pooled--;
        }
        return pooled;
    }
}
