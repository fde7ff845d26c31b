/** Performance harness for livecontrol (issue 9): figures, statistics and the raw webrtc-java baseline. */
package org.mobileworship.livecontrol.benchmarks;
