using ActorNet.Gpu;

namespace ActorNet.Apps.Tests;

/// <summary>A theory that needs libturbojpeg: skipped, with the package to install, where it is missing.</summary>
public sealed class TurboJpegTheoryAttribute : TheoryAttribute
{
    internal const string Reason = $"libturbojpeg.so.0 is not installed (apt-get install {JpegCodec.DebianPackage}, or scripts/install-native.sh)";

    public TurboJpegTheoryAttribute()
    {
        if (!JpegCodec.IsAvailable) Skip = Reason;
    }
}
