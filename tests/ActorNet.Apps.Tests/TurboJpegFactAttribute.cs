using ActorNet.Gpu;

namespace ActorNet.Apps.Tests;

/// <summary>A fact that needs libturbojpeg: skipped, with the package to install, where it is missing.</summary>
public sealed class TurboJpegFactAttribute : FactAttribute
{
    public TurboJpegFactAttribute()
    {
        if (!JpegCodec.IsAvailable) Skip = TurboJpegTheoryAttribute.Reason;
    }
}
