/** The street network (道路): centrelines as LineStrings, the graph patrol routes walk on. */
package org.gridwatch.street;
