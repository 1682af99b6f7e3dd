namespace ActorNet.Gpu;

/// <summary>Why a tar entry gave no image.</summary>
public enum SkipReason
{
    /// <summary>A directory entry.</summary>
    Directory,

    /// <summary>A link, device or other entry that is not a regular file.</summary>
    NotAFile,

    /// <summary>A file the label list does not name.</summary>
    Unlabelled,

    /// <summary>A file libjpeg-turbo could not decode.</summary>
    CorruptJpeg,
}
