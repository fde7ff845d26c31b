/**
 * Implementation details of the codecs (JSON mapping, validation). Not API: may change without
 * notice; use {@link org.mobileworship.livecontrol.protocol.FrameCodec} instead.
 */
package org.mobileworship.livecontrol.protocol.internal;
