package org.gridwatch.grid;

/** A grid's code, name and parent code (null for a large grid): what a table of many grids names, without the shape. */
public record GridName(String code, String name, String parentCode) {
}
