package org.mobileworship.livecontrol.benchmarks;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.mobileworship.livecontrol.protocol.JsonFrameCodec;
import org.mobileworship.livecontrol.protocol.ProtobufFrameCodec;
import org.mobileworship.livecontrol.protocol.ProtocolException;
import org.mobileworship.livecontrol.protocol.v1.DataFrame;
import org.mobileworship.livecontrol.protocol.v1.Revision;
import org.mobileworship.livecontrol.protocol.v1.Slide;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** JMH: encoding and decoding of one slide cue's DataFrame, binary protobuf and the seed's JSON. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
    private final DataFrame frame = DataFrame.newBuilder()
            .setMessageId(UUID.randomUUID().toString())
            .setRevision(Revision.newBuilder().setCounter(1234).setControllerId(UUID.randomUUID().toString()))
            .setSlide(Slide.newBuilder().setEventId("sunday-service").setItemId("song-1").setSlideIndex(42))
            .build();
    private final byte[] proto = ProtobufFrameCodec.INSTANCE.encodeData(frame);
    private final byte[] json = JsonFrameCodec.INSTANCE.encodeData(frame);

    @Benchmark
    public byte[] protobufEncode() {
        return ProtobufFrameCodec.INSTANCE.encodeData(frame);
    }

    @Benchmark
    public DataFrame protobufDecode() throws ProtocolException {
        return ProtobufFrameCodec.INSTANCE.decodeData(proto);
    }

    @Benchmark
    public byte[] jsonEncode() {
        return JsonFrameCodec.INSTANCE.encodeData(frame);
    }

    @Benchmark
    public DataFrame jsonDecode() throws ProtocolException {
        return JsonFrameCodec.INSTANCE.decodeData(json);
    }
}
