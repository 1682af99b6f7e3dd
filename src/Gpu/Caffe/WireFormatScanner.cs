using Google.Protobuf.Reflection;

namespace ActorNet.Gpu;

/// <summary>
/// Walks protobuf wire format against a message descriptor before it is parsed, so that a
/// truncated or corrupt file is reported with the byte offset and the field path where it breaks
/// (Google.Protobuf's own parser only says that the input ended).
/// </summary>
internal static class WireFormatScanner
{
    public static void Scan(ReadOnlySpan<byte> bytes, MessageDescriptor descriptor, string path) =>
        ScanMessage(bytes, 0, bytes.Length, descriptor, descriptor.Name, path);

    private static void ScanMessage(ReadOnlySpan<byte> bytes, int start, int end, MessageDescriptor descriptor, string where, string path)
    {
        int pos = start;
        var counts = new Dictionary<int, int>();
        while (pos < end)
        {
            int fieldStart = pos;
            ulong tag = ReadVarint(bytes, ref pos, end, path, $"a field tag in {where}", fieldStart);
            int number = (int)(tag >> 3);
            int wireType = (int)(tag & 7);
            if (number == 0) throw new DataFormatException(path, fieldStart, $"invalid field number 0 in {where} (not a {descriptor.Name} file?)");
            FieldDescriptor? field = descriptor.FindFieldByNumber(number);
            string name = field?.Name ?? $"#{number}";
            int index = counts[number] = counts.GetValueOrDefault(number) + 1;
            string fieldWhere = field is { IsRepeated: true } ? $"{where}.{name}[{index - 1}]" : $"{where}.{name}";
            switch (wireType)
            {
                case 0:
                    ReadVarint(bytes, ref pos, end, path, fieldWhere, fieldStart);
                    break;
                case 1:
                case 5:
                {
                    int size = wireType == 1 ? 8 : 4;
                    if (end - pos < size)
                        throw new DataFormatException(path, fieldStart, $"{fieldWhere} needs {size} bytes but only {end - pos} remain (file truncated?)");
                    pos += size;
                    break;
                }
                case 2:
                {
                    ulong length = ReadVarint(bytes, ref pos, end, path, $"the length of {fieldWhere}", fieldStart);
                    if (length > (ulong)(end - pos))
                        throw new DataFormatException(path, fieldStart, $"{fieldWhere} declares {length} bytes but only {end - pos} remain (file truncated?)");
                    int contentEnd = pos + (int)length;
                    if (field is { FieldType: FieldType.Message })
                        ScanMessage(bytes, pos, contentEnd, field.MessageType, fieldWhere, path);
                    pos = contentEnd;
                    break;
                }
                default:
                    throw new DataFormatException(path, fieldStart, $"{fieldWhere} has wire type {wireType}, which no {descriptor.Name} field uses (corrupt file?)");
            }
        }
    }

    // Errors report fieldStart: the offset of the tag of the field that is broken.
    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int pos, int end, string path, string what, int fieldStart)
    {
        int start = fieldStart;
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (pos >= end) throw new DataFormatException(path, start, $"{what} is cut off (file truncated?)");
            byte b = bytes[pos++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
        throw new DataFormatException(path, start, $"{what} is a malformed varint longer than 10 bytes");
    }
}
