namespace ActorNet.Gpu.Backends;

/// <summary>Shape of a 2-D grouped, dilated convolution over one image (Caffe's conventions).</summary>
internal readonly record struct ConvGeometry(
    int Channels, int Height, int Width,
    int OutChannels, int Group,
    int KernelH, int KernelW, int PadH, int PadW,
    int StrideH, int StrideW, int DilationH, int DilationW)
{
    /// <summary>Output height: (H + 2p - (d(k-1)+1)) / s + 1, rounding down as Caffe does.</summary>
    public int OutH => (Height + 2 * PadH - (DilationH * (KernelH - 1) + 1)) / StrideH + 1;

    /// <summary>Output width, as <see cref="OutH"/>.</summary>
    public int OutW => (Width + 2 * PadW - (DilationW * (KernelW - 1) + 1)) / StrideW + 1;

    /// <summary>Rows of the im2col matrix for one group: (C/g) * kh * kw.</summary>
    public int KernelDim => Channels / Group * KernelH * KernelW;

    /// <summary>Columns of the im2col matrix: output pixels per channel.</summary>
    public int OutSpatial => OutH * OutW;

    /// <summary>True when im2col is the identity (1x1 kernel, stride 1, no padding).</summary>
    public bool IsPointwise => KernelH == 1 && KernelW == 1 && StrideH == 1 && StrideW == 1 && PadH == 0 && PadW == 0;

    /// <summary>Weights count: Cout * (C/g) * kh * kw.</summary>
    public int WeightCount => OutChannels * KernelDim;
}
